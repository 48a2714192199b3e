package dlx.model.kernel;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's LastTimeStep around dlx's LSTM or GRU: a many-to-one layer. It hands on each example's output at its last
 * step, as DL4J's wrapper does, without building the [examples, units, steps] output, and backward feeds
 * the gradient to those steps without building a [examples, units, steps] epsilon of zeros.
 */
public final class LastStepKernel extends LastTimeStepLayer implements Kernel {
    private final SequenceKernel recurrent;

    LastStepKernel(SequenceKernel recurrent) {
        super(recurrent.layer());
        this.recurrent = recurrent;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        recurrent.requireInput(false);
        return forward(recurrent.layer().input(), training, Buffers.of(workspaces));
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaces) {
        recurrent.layer().setInput(input, workspaces);
        return activate(training, workspaces);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        recurrent.requireInput(true);
        Buffers buffers = Buffers.of(workspaces);
        recurrent.forwardIfStale(buffers);
        return new Pair<>(gradients(), backward(epsilon, buffers));
    }

    @Override
    public INDArray forward(INDArray x, boolean training, Buffers buffers) {
        return recurrent.forwardLastSteps(x, buffers);
    }

    @Override
    public INDArray backward(INDArray epsilon, Buffers buffers) {
        return recurrent.backwardFromLastSteps(epsilon, buffers);
    }

    @Override
    public Gradient gradients() {
        return recurrent.gradients();
    }

    @Override
    public void skipInputGradient() {
        recurrent.skipInputGradient();
    }

    @Override
    public Buffers.Owned owned() {
        return recurrent.owned();
    }
}
