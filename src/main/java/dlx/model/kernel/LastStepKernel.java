package dlx.model.kernel;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's LastTimeStep around dlx's LSTM: a many-to-one layer. It hands on each example's output at its last
 * step, as DL4J's wrapper does, without building the [examples, units, steps] output, and backward feeds
 * the gradient to those steps without building a [examples, units, steps] epsilon of zeros.
 */
public final class LastStepKernel extends LastTimeStepLayer implements Kernel {
    private final LstmKernel lstm;

    public LastStepKernel(LstmKernel lstm) {
        super(lstm);
        this.lstm = lstm;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        lstm.assertInputSet(false);
        return forward(lstm.input(), training, Buffers.of(workspaces));
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaces) {
        lstm.setInput(input, workspaces);
        return activate(training, workspaces);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        lstm.assertInputSet(true);
        Buffers buffers = Buffers.of(workspaces);
        lstm.forwardIfStale(buffers);
        return new Pair<>(gradients(), backward(epsilon, buffers));
    }

    @Override
    public INDArray forward(INDArray x, boolean training, Buffers buffers) {
        return lstm.forwardLastSteps(x, buffers);
    }

    @Override
    public INDArray backward(INDArray epsilon, Buffers buffers) {
        return lstm.backwardFromLastSteps(epsilon, buffers);
    }

    @Override
    public Gradient gradients() {
        return lstm.gradients();
    }

    @Override
    public void skipInputGradient() {
        lstm.skipInputGradient();
    }

    @Override
    public Buffers.Owned owned() {
        return lstm.owned();
    }
}
