package dlx.model.kernel;

import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer dlx computes itself, in DL4J's parameter layout. DL4J's network calls it through DL4J's layer
 * methods (with DL4J's workspaces); {@link KernelStep} calls these methods directly, with arrays the kernel
 * keeps between steps.
 */
interface Kernel {
    /** The layer's output for x; kept, with whatever the backward pass needs, until the next forward. */
    INDArray forward(INDArray x, boolean training, Buffers buffers);

    /**
     * Writes the parameters' gradients (summed over the batch, as DL4J's layers do) into the gradient views
     * and returns the gradient with respect to the input, or null when {@link #skipInputGradient} was called.
     * An output layer takes its epsilon from {@link OutputKernel#loss} and is passed null here.
     */
    INDArray backward(INDArray epsilon, Buffers buffers);

    /** The gradient views by parameter name, as DL4J's layer of the same kind reports them. */
    Gradient gradients();

    /** The first layer's input gradient is never used in training. */
    void skipInputGradient();

    /** The arrays this kernel keeps for {@link KernelStep}. */
    Buffers.Owned owned();
}
