package dlx.model.kernel;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A recurrent kernel (LSTM, GRU) that {@link LastStepKernel} can read the last steps of. */
interface SequenceKernel extends Kernel {
    /** The DL4J layer this kernel is: LastTimeStep wraps it. */
    Layer layer();

    /** DL4J's check that an input is set; for a backward pass, that it was. */
    void requireInput(boolean backward);

    /** DL4J may ask for a backward pass without this input's forward pass before it. */
    void forwardIfStale(Buffers buffers);

    /** Each example's output at its last step (the last unmasked one under a mask), [examples, units]. */
    INDArray forwardLastSteps(INDArray x, Buffers buffers);

    /** epsilon: [examples, units], the gradient of each example's last-step output. */
    INDArray backwardFromLastSteps(INDArray epsilon, Buffers buffers);
}
