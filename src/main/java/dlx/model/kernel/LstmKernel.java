package dlx.model.kernel;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's LSTM (no peepholes, sigmoid gates, tanh), computed by dlx in DL4J's parameter layout: W [nIn, 4u],
 * RW [u, 4u], b [4u] with the gates in DL4J's order, sequences in DL4J's NCW layout [examples, features,
 * steps], masks applied as DL4J applies them. DL4J's layer runs every step as a dozen ND4J ops forward and
 * more backward, and runs the whole forward pass again for the backward pass. This kernel:
 * <ul>
 *   <li>computes a step's gates in two products, the bias folded into the first (a row of ones under the
 *       input); the arrays are planes [rows][examples], transposed to DL4J's, so that each gate of a step is
 *       one contiguous run;</li>
 *   <li>computes the gates and cell state of a step in one vectorized Java loop, keeping them for backward;</li>
 *   <li>backward runs one loop and three products per step, accumulating dW (with the bias gradient, from
 *       the row of ones) and dRW in place.</li>
 * </ul>
 * {@link LastStepKernel} reads only the last step's output, and feeds its gradient to that step alone.
 */
public final class LstmKernel extends org.deeplearning4j.nn.layers.recurrent.LSTM implements SequenceKernel {
    private final Buffers.Owned owned = new Buffers.Owned();
    private final SequencePlanes planes = new SequencePlanes("an LSTM");
    private boolean inputGradient = true;
    private LstmCells cells;
    private int units;
    /** The input of the last forward pass, whose states the kernel holds. */
    private INDArray forwardInput;

    public LstmKernel(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void skipInputGradient() {
        inputGradient = false;
    }

    @Override
    public Buffers.Owned owned() {
        return owned;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer layer() {
        return this;
    }

    @Override
    public void requireInput(boolean backward) {
        assertInputSet(backward);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        assertInputSet(false);
        return forward(input, training, Buffers.of(workspaces));
    }

    @Override
    public INDArray activate(INDArray x, boolean training, LayerWorkspaceMgr workspaces) {
        setInput(x, workspaces);
        return activate(training, workspaces);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        assertInputSet(true);
        Buffers buffers = Buffers.of(workspaces);
        forwardIfStale(buffers);
        return new Pair<>(gradients(), backward(epsilon, buffers));
    }

    @Override
    public void forwardIfStale(Buffers buffers) {
        if (forwardInput != input) {
            run(input, buffers);
        }
    }

    /** The output of every step, [examples, units, steps]. */
    @Override
    public INDArray forward(INDArray x, boolean training, Buffers buffers) {
        run(x, buffers);
        return planes.outputs(dataType, buffers);
    }

    @Override
    public INDArray forwardLastSteps(INDArray x, Buffers buffers) {
        run(x, buffers);
        return planes.lastOutputs(dataType, buffers, layerId());
    }

    /** epsilon: [examples, units, steps], the gradient of every step's output. */
    @Override
    public INDArray backward(INDArray epsilon, Buffers buffers) {
        return backprop(planes.everyStep(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType)), buffers);
    }

    @Override
    public INDArray backwardFromLastSteps(INDArray epsilon, Buffers buffers) {
        return backprop(planes.lastStep(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType), layerId()), buffers);
    }

    @Override
    public Gradient gradients() {
        Gradient gradient = new DefaultGradient();
        for (String key : new String[] {LSTMParamInitializer.INPUT_WEIGHT_KEY, LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
                LSTMParamInitializer.BIAS_KEY}) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        return gradient;
    }

    /** The forward pass over all steps, keeping what the backward pass needs. */
    private void run(INDArray x, Buffers buffers) {
        DataType type = dataType;
        INDArray weights = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        units = (int) getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY).size(0);
        planes.load(x, type, weights.size(0), units, maskArray, buffers, layerId());
        int examples = planes.examples();
        int steps = planes.steps();
        // per step: the gates [4 units][examples], from W and b as one matrix [4 units][inputs + 1]
        INDArray gates = buffers.take("gatePlanes", ArrayType.FF_WORKING_MEM, type, steps, 4L * units, examples);
        INDArray weightsAndBias = buffers.take("weightsAndBias", ArrayType.FF_WORKING_MEM, type, 4L * units, planes.inputs() + 1);
        planes.weightsAndBias(weights, getParam(LSTMParamInitializer.BIAS_KEY), 4 * units, Memory.address(weightsAndBias));
        boolean isDouble = type == DataType.DOUBLE;
        if (cells == null || !cells.fits(isDouble, examples, steps, units)) {
            cells = LstmCells.of(isDouble, examples, steps, units);
        }
        Matrix w = Matrix.of(weightsAndBias);
        Matrix recurrentTransposed = Matrix.of(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)).t();
        for (int t = 0; t < steps; t++) {
            Matrix gatesNow = planes.plane(gates, t, 4 * units);
            Blas.gemm(w, planes.input(t), gatesNow, 1, 0);
            if (t > 0) {
                Blas.gemm(recurrentTransposed, planes.hidden(t - 1), gatesNow, 1, 1);
            }
            cells.forward(t, gatesNow.address(), planes.hidden(t).address(), planes.mask(t));
        }
        input = x;
        forwardInput = x;
    }

    private INDArray backprop(SequencePlanes.StepEpsilon epsilon, Buffers buffers) {
        DataType type = dataType;
        int steps = planes.steps();
        int examples = planes.examples();
        INDArray gateGradients = buffers.take("gateGradientPlanes", ArrayType.BP_WORKING_MEM, type, steps, 4L * units, examples);
        INDArray recurrentGradient = buffers.take("recurrentGradient", ArrayType.BP_WORKING_MEM, type, units, examples);
        // [4 units][inputs + 1]: dW transposed, and the bias gradient from the input's row of ones
        INDArray weightAndBiasGradient = buffers.take("weightAndBiasGradient", ArrayType.BP_WORKING_MEM, type, 4L * units,
                planes.inputs() + 1);
        Matrix dh = Matrix.of(recurrentGradient);
        Matrix dwb = Matrix.of(weightAndBiasGradient);
        Matrix recurrentWeights = Matrix.of(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY));
        Matrix recurrentWeightGradient = Matrix.of(gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY));
        for (int t = steps - 1; t >= 0; t--) {
            Matrix now = planes.plane(gateGradients, t, 4 * units);
            cells.backward(t, t == steps - 1 ? 0 : dh.address(), epsilon, now.address(), planes.mask(t));
            double beta = t == steps - 1 ? 0 : 1;
            if (t > 0) {
                Blas.gemm(recurrentWeights, now, dh, 1, 0);
                Blas.gemm(planes.hidden(t - 1), now.t(), recurrentWeightGradient, 1, beta);
            }
            Blas.gemm(now, planes.input(t).t(), dwb, 1, beta);
        }
        if (steps == 1) {
            gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY).assign(0);
        }
        planes.splitWeightsAndBias(dwb.address(), 4 * units, gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY),
                gradientViews.get(LSTMParamInitializer.BIAS_KEY));
        if (!inputGradient) {
            return null;
        }
        return planes.inputGradient(getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY), gateGradients, 4 * units, type, buffers);
    }
}
