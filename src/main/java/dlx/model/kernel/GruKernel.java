package dlx.model.kernel;

import static dlx.model.recurrent.GruParameters.INPUT_BIAS;
import static dlx.model.recurrent.GruParameters.INPUT_WEIGHTS;
import static dlx.model.recurrent.GruParameters.RECURRENT_BIAS;
import static dlx.model.recurrent.GruParameters.RECURRENT_WEIGHTS;

import dlx.model.recurrent.GruLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * dlx's GRU ({@link dlx.model.recurrent.Gru}, tanh) on the CPU, in its parameter layout: W [nIn, 3u], RW [u, 3u],
 * b and Rb [3u], sequences in DL4J's NCW layout, masks as {@link GruLayer} applies them. {@link GruLayer} runs a
 * step as a dozen ND4J operations on strided views, most of its time; as {@link LstmKernel} does for the LSTM, this
 * kernel keeps each step's values as planes [rows][examples] and computes:
 * <ul>
 *   <li>per step, the input's part of the gates in one product, b folded in (a row of ones under the input), and
 *       the state's part in another: they stay apart, since the reset gate scales only the state's part of n;</li>
 *   <li>the gates and the new state in short vectorized Java loops ({@link GruCells}), kept for backward;</li>
 *   <li>backward, one loop and three products per step, dW (with db) and dRW accumulated in place.</li>
 * </ul>
 * {@link LastStepKernel} reads only the last step's output, and feeds its gradient to that step alone.
 */
public final class GruKernel extends GruLayer implements SequenceKernel {
    private final Buffers.Owned owned = new Buffers.Owned();
    private final SequencePlanes planes = new SequencePlanes("a GRU");
    private boolean inputGradient = true;
    private GruCells cells;
    private int units;
    /** The input of the last forward pass, whose states the kernel holds. */
    private INDArray forwardInput;

    public GruKernel(NeuralNetConfiguration conf, DataType dataType) {
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
        for (String key : new String[] {INPUT_WEIGHTS, RECURRENT_WEIGHTS, INPUT_BIAS, RECURRENT_BIAS}) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        return gradient;
    }

    /** The forward pass over all steps, keeping what the backward pass needs. */
    private void run(INDArray x, Buffers buffers) {
        DataType type = dataType;
        INDArray weights = getParam(INPUT_WEIGHTS);
        units = (int) getParam(RECURRENT_WEIGHTS).size(0);
        planes.load(x, type, weights.size(0), units, maskArray, buffers, layerId());
        int examples = planes.examples();
        int steps = planes.steps();
        INDArray inputGates = buffers.take("inputGatePlane", ArrayType.FF_WORKING_MEM, type, 3L * units, examples);
        INDArray recurrentGates = buffers.take("recurrentGatePlane", ArrayType.FF_WORKING_MEM, type, 3L * units, examples);
        INDArray weightsAndBias = buffers.take("weightsAndBias", ArrayType.FF_WORKING_MEM, type, 3L * units, planes.inputs() + 1);
        planes.weightsAndBias(weights, getParam(INPUT_BIAS), 3 * units, Memory.address(weightsAndBias));
        boolean isDouble = type == DataType.DOUBLE;
        if (cells == null || !cells.fits(isDouble, examples, steps, units)) {
            cells = GruCells.of(isDouble, examples, steps, units);
        }
        cells.recurrentBias(getParam(RECURRENT_BIAS).castTo(DataType.DOUBLE).dup().data().asDouble());
        Matrix w = Matrix.of(weightsAndBias);
        Matrix recurrentTransposed = Matrix.of(getParam(RECURRENT_WEIGHTS)).t();
        Matrix fromInput = Matrix.of(inputGates);
        Matrix fromState = Matrix.of(recurrentGates);
        for (int t = 0; t < steps; t++) {
            Blas.gemm(w, planes.input(t), fromInput, 1, 0);
            if (t > 0) {
                Blas.gemm(recurrentTransposed, planes.hidden(t - 1), fromState, 1, 0);
            }
            cells.forward(t, fromInput.address(), t == 0 ? 0 : fromState.address(), planes.hidden(t).address(), planes.mask(t));
        }
        input = x;
        forwardInput = x;
    }

    private INDArray backprop(SequencePlanes.StepEpsilon epsilon, Buffers buffers) {
        DataType type = dataType;
        boolean isDouble = type == DataType.DOUBLE;
        int steps = planes.steps();
        int examples = planes.examples();
        INDArray inputGateGradients = buffers.take("inputGateGradientPlanes", ArrayType.BP_WORKING_MEM, type, steps, 3L * units, examples);
        INDArray stateGateGradients = buffers.take("recurrentGateGradientPlane", ArrayType.BP_WORKING_MEM, type, 3L * units, examples);
        INDArray carried = buffers.take("carried", ArrayType.BP_WORKING_MEM, type, units, examples);
        // [3 units][inputs + 1]: dW transposed, and the bias gradient from the input's row of ones
        INDArray weightAndBiasGradient = buffers.take("weightAndBiasGradient", ArrayType.BP_WORKING_MEM, type, 3L * units,
                planes.inputs() + 1);
        Matrix dh = Matrix.of(carried);
        Matrix dState = Matrix.of(stateGateGradients);
        Matrix dwb = Matrix.of(weightAndBiasGradient);
        Matrix recurrentWeights = Matrix.of(getParam(RECURRENT_WEIGHTS));
        Matrix recurrentWeightGradient = Matrix.of(gradientViews.get(RECURRENT_WEIGHTS));
        for (int t = steps - 1; t >= 0; t--) {
            Matrix now = planes.plane(inputGateGradients, t, 3 * units);
            cells.backward(t, t == steps - 1 ? 0 : dh.address(), epsilon, now.address(), dState.address(),
                    t == 0 ? 0 : dh.address(), planes.mask(t));
            if (t > 0) {
                Blas.gemm(recurrentWeights, dState, dh, 1, 1);
                Blas.gemm(planes.hidden(t - 1), dState.t(), recurrentWeightGradient, 1, t == steps - 1 ? 0 : 1);
            }
            Blas.gemm(now, planes.input(t).t(), dwb, 1, t == steps - 1 ? 0 : 1);
        }
        if (steps == 1) {
            gradientViews.get(RECURRENT_WEIGHTS).assign(0);
        }
        planes.splitWeightsAndBias(dwb.address(), 3 * units, gradientViews.get(INPUT_WEIGHTS), gradientViews.get(INPUT_BIAS));
        INDArray recurrentBias = gradientViews.get(RECURRENT_BIAS);
        long rbTo = Memory.address(recurrentBias);
        for (int r = 0; r < 3 * units; r++) {
            Pointwise.put(rbTo, r * SequencePlanes.vectorStride(recurrentBias), cells.recurrentBiasGradient[r], isDouble);
        }
        if (!inputGradient) {
            return null;
        }
        return planes.inputGradient(getParam(INPUT_WEIGHTS), inputGateGradients, 3 * units, type, buffers);
    }
}
