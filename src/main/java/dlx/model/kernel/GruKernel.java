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
    private boolean inputGradient = true;
    private GruCells cells;
    private int examples;
    private int steps;
    private int inputs;
    private int units;
    /** The input as planes per step with a row of ones, [steps][inputs + 1][examples]. */
    private INDArray inputPlanes;
    /** h as planes per step, [steps][units][examples]. */
    private INDArray hidden;
    private double[][] stepMasks;
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
        INDArray out = buffers.take("output", ArrayType.ACTIVATIONS, dataType, examples, units, steps);
        boolean isDouble = dataType == DataType.DOUBLE;
        long from = Memory.address(hidden);
        long to = Memory.address(out);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < units; j++) {
                long row = ((long) t * units + j) * examples;
                for (int i = 0; i < examples; i++) {
                    Pointwise.put(to, ((long) i * units + j) * steps + t, Pointwise.get(from, row + i, isDouble), isDouble);
                }
            }
        }
        return out;
    }

    @Override
    public INDArray forwardLastSteps(INDArray x, Buffers buffers) {
        run(x, buffers);
        INDArray out = buffers.take("lastOutput", ArrayType.ACTIVATIONS, dataType, examples, units);
        boolean isDouble = dataType == DataType.DOUBLE;
        int[] last = lastSteps();
        long from = Memory.address(hidden);
        long to = Memory.address(out);
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < units; j++) {
                Pointwise.put(to, (long) i * units + j, Pointwise.get(from, ((long) last[i] * units + j) * examples + i, isDouble), isDouble);
            }
        }
        return out;
    }

    /** epsilon: [examples, units, steps], the gradient of every step's output. */
    @Override
    public INDArray backward(INDArray epsilon, Buffers buffers) {
        INDArray e = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        long address = Memory.address(e);
        long[] stride = e.stride();
        return backprop(new LstmCells.StepEpsilon() {
            @Override
            public void addTo(int t, float[] dh) {
                for (int j = 0; j < units; j++) {
                    for (int i = 0; i < examples; i++) {
                        dh[j * examples + i] += Memory.getFloat(address, i * stride[0] + j * stride[1] + t * stride[2]);
                    }
                }
            }

            @Override
            public void addTo(int t, double[] dh) {
                for (int j = 0; j < units; j++) {
                    for (int i = 0; i < examples; i++) {
                        dh[j * examples + i] += Memory.getDouble(address, i * stride[0] + j * stride[1] + t * stride[2]);
                    }
                }
            }
        }, buffers);
    }

    @Override
    public INDArray backwardFromLastSteps(INDArray epsilon, Buffers buffers) {
        INDArray e = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        long address = Memory.address(e);
        long rowStride = e.stride(0);
        long colStride = e.stride(1);
        int[] last = lastSteps();
        return backprop(new LstmCells.StepEpsilon() {
            @Override
            public void addTo(int t, float[] dh) {
                for (int i = 0; i < examples; i++) {
                    if (last[i] == t) {
                        for (int j = 0; j < units; j++) {
                            dh[j * examples + i] += Memory.getFloat(address, i * rowStride + j * colStride);
                        }
                    }
                }
            }

            @Override
            public void addTo(int t, double[] dh) {
                for (int i = 0; i < examples; i++) {
                    if (last[i] == t) {
                        for (int j = 0; j < units; j++) {
                            dh[j * examples + i] += Memory.getDouble(address, i * rowStride + j * colStride);
                        }
                    }
                }
            }
        }, buffers);
    }

    @Override
    public Gradient gradients() {
        Gradient gradient = new DefaultGradient();
        for (String key : new String[] {INPUT_WEIGHTS, RECURRENT_WEIGHTS, INPUT_BIAS, RECURRENT_BIAS}) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        return gradient;
    }

    /** The last step of each example: the last one whose mask is not 0, as DL4J's LastTimeStep takes it. */
    private int[] lastSteps() {
        int[] last = new int[examples];
        for (int i = 0; i < examples; i++) {
            last[i] = steps - 1;
            if (stepMasks != null) {
                while (last[i] > 0 && stepMasks[last[i]][i] == 0) {
                    last[i]--;
                }
                if (stepMasks[last[i]][i] == 0) {
                    throw new IllegalStateException("example " + i + " of the batch is masked at every step " + layerId());
                }
            }
        }
        return last;
    }

    /** The forward pass over all steps, keeping what the backward pass needs. */
    private void run(INDArray x, Buffers buffers) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("a GRU takes [examples, features, steps], got shape "
                    + java.util.Arrays.toString(x.shape()) + " " + layerId());
        }
        DataType type = dataType;
        boolean isDouble = type == DataType.DOUBLE;
        INDArray weights = getParam(INPUT_WEIGHTS);
        INDArray in = x.dataType() == type ? x : x.castTo(type);
        examples = (int) in.size(0);
        inputs = (int) in.size(1);
        steps = (int) in.size(2);
        units = (int) getParam(RECURRENT_WEIGHTS).size(0);
        if (inputs != weights.size(0)) {
            throw new IllegalArgumentException("input has " + inputs + " features per step, the layer takes "
                    + weights.size(0) + " " + layerId());
        }
        inputPlanes = buffers.take("inputPlanes", ArrayType.ACTIVATIONS, type, steps, inputs + 1, examples);
        toPlanes(in, Memory.address(inputPlanes), isDouble);
        INDArray inputGates = buffers.take("inputGatePlane", ArrayType.FF_WORKING_MEM, type, 3L * units, examples);
        INDArray recurrentGates = buffers.take("recurrentGatePlane", ArrayType.FF_WORKING_MEM, type, 3L * units, examples);
        hidden = buffers.take("hiddenPlanes", ArrayType.ACTIVATIONS, type, steps, units, examples);
        INDArray weightsAndBias = buffers.take("weightsAndBias", ArrayType.FF_WORKING_MEM, type, 3L * units, inputs + 1);
        weightsAndBias(weights, getParam(INPUT_BIAS), Memory.address(weightsAndBias), isDouble);
        stepMasks = masks();
        if (cells == null || !cells.fits(isDouble, examples, steps, units)) {
            cells = GruCells.of(isDouble, examples, steps, units);
        }
        cells.recurrentBias(values(getParam(RECURRENT_BIAS)));
        Matrix w = Matrix.of(weightsAndBias);
        Matrix recurrentTransposed = Matrix.of(getParam(RECURRENT_WEIGHTS)).t();
        Matrix fromInput = Matrix.of(inputGates);
        Matrix fromState = Matrix.of(recurrentGates);
        for (int t = 0; t < steps; t++) {
            Blas.gemm(w, plane(inputPlanes, t, inputs + 1), fromInput, 1, 0);
            if (t > 0) {
                Blas.gemm(recurrentTransposed, plane(hidden, t - 1, units), fromState, 1, 0);
            }
            cells.forward(t, fromInput.address(), t == 0 ? 0 : fromState.address(), plane(hidden, t, units).address(),
                    stepMasks == null ? null : stepMasks[t]);
        }
        input = x;
        forwardInput = x;
    }

    private INDArray backprop(LstmCells.StepEpsilon epsilon, Buffers buffers) {
        DataType type = dataType;
        boolean isDouble = type == DataType.DOUBLE;
        INDArray inputGateGradients = buffers.take("inputGateGradientPlanes", ArrayType.BP_WORKING_MEM, type, steps, 3L * units, examples);
        INDArray stateGateGradients = buffers.take("recurrentGateGradientPlane", ArrayType.BP_WORKING_MEM, type, 3L * units, examples);
        INDArray carried = buffers.take("carried", ArrayType.BP_WORKING_MEM, type, units, examples);
        // [3 units][inputs + 1]: dW transposed, and the bias gradient from the input's row of ones
        INDArray weightAndBiasGradient = buffers.take("weightAndBiasGradient", ArrayType.BP_WORKING_MEM, type, 3L * units, inputs + 1);
        Matrix dh = Matrix.of(carried);
        Matrix dState = Matrix.of(stateGateGradients);
        Matrix dwb = Matrix.of(weightAndBiasGradient);
        Matrix recurrentWeights = Matrix.of(getParam(RECURRENT_WEIGHTS));
        Matrix recurrentWeightGradient = Matrix.of(gradientViews.get(RECURRENT_WEIGHTS));
        for (int t = steps - 1; t >= 0; t--) {
            Matrix now = plane(inputGateGradients, t, 3 * units);
            cells.backward(t, t == steps - 1 ? 0 : dh.address(), epsilon, now.address(), dState.address(),
                    t == 0 ? 0 : dh.address(), stepMasks == null ? null : stepMasks[t]);
            if (t > 0) {
                Blas.gemm(recurrentWeights, dState, dh, 1, 1);
                Blas.gemm(plane(hidden, t - 1, units), dState.t(), recurrentWeightGradient, 1, t == steps - 1 ? 0 : 1);
            }
            Blas.gemm(now, plane(inputPlanes, t, inputs + 1).t(), dwb, 1, t == steps - 1 ? 0 : 1);
        }
        if (steps == 1) {
            gradientViews.get(RECURRENT_WEIGHTS).assign(0);
        }
        INDArray w = gradientViews.get(INPUT_WEIGHTS);
        INDArray bias = gradientViews.get(INPUT_BIAS);
        INDArray recurrentBias = gradientViews.get(RECURRENT_BIAS);
        long from = dwb.address();
        long wTo = Memory.address(w);
        long bTo = Memory.address(bias);
        long rbTo = Memory.address(recurrentBias);
        for (int r = 0; r < 3 * units; r++) {
            long row = (long) r * (inputs + 1);
            for (int f = 0; f < inputs; f++) {
                Pointwise.put(wTo, f * w.stride(0) + r * w.stride(1), Pointwise.get(from, row + f, isDouble), isDouble);
            }
            Pointwise.put(bTo, r * vectorStride(bias), Pointwise.get(from, row + inputs, isDouble), isDouble);
            Pointwise.put(rbTo, r * vectorStride(recurrentBias), cells.recurrentBiasGradient[r], isDouble);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray inputGradientPlane = buffers.take("inputGradientPlane", ArrayType.BP_WORKING_MEM, type, inputs, examples);
        INDArray next = buffers.take("epsilon", ArrayType.ACTIVATION_GRAD, type, examples, inputs, steps);
        Matrix weights = Matrix.of(getParam(INPUT_WEIGHTS));
        long planeAddress = Memory.address(inputGradientPlane);
        long to = Memory.address(next);
        for (int t = 0; t < steps; t++) {
            Blas.gemm(weights, plane(inputGateGradients, t, 3 * units), Matrix.of(inputGradientPlane), 1, 0);
            for (int f = 0; f < inputs; f++) {
                for (int i = 0; i < examples; i++) {
                    Pointwise.put(to, ((long) i * inputs + f) * steps + t, Pointwise.get(planeAddress, (long) f * examples + i, isDouble), isDouble);
                }
            }
        }
        return next;
    }

    /** Step t of a [steps, rows, examples] array of planes, as a rows x examples matrix. */
    private Matrix plane(INDArray planes, int t, int rows) {
        boolean isDouble = planes.dataType() == DataType.DOUBLE;
        return Matrix.rowMajor(Memory.address(planes) + (long) t * rows * examples * (isDouble ? 8 : 4), rows, examples,
                examples, isDouble);
    }

    /** x [examples, features, steps], any strides, into planes [steps][features + 1][examples], the last row ones. */
    private void toPlanes(INDArray x, long to, boolean isDouble) {
        long from = Memory.address(x);
        long[] stride = x.stride();
        for (int t = 0; t < steps; t++) {
            long plane = (long) t * (inputs + 1) * examples;
            for (int f = 0; f < inputs; f++) {
                for (int i = 0; i < examples; i++) {
                    Pointwise.put(to, plane + (long) f * examples + i, Pointwise.get(from, i * stride[0] + f * stride[1] + t * stride[2], isDouble), isDouble);
                }
            }
            for (int i = 0; i < examples; i++) {
                Pointwise.put(to, plane + (long) inputs * examples + i, 1, isDouble);
            }
        }
    }

    /** [3 units][inputs + 1]: row r holds W[:, r] (W is [inputs, 3 units]) and then b[r]. */
    private void weightsAndBias(INDArray weights, INDArray bias, long to, boolean isDouble) {
        long w = Memory.address(weights);
        long b = Memory.address(bias);
        long rowStride = weights.stride(0);
        long colStride = weights.stride(1);
        for (int r = 0; r < 3 * units; r++) {
            long row = (long) r * (inputs + 1);
            for (int f = 0; f < inputs; f++) {
                Pointwise.put(to, row + f, Pointwise.get(w, f * rowStride + r * colStride, isDouble), isDouble);
            }
            Pointwise.put(to, row + inputs, Pointwise.get(b, r * vectorStride(bias), isDouble), isDouble);
        }
    }

    private static double[] values(INDArray vector) {
        return vector.castTo(DataType.DOUBLE).dup().data().asDouble();
    }

    /** The step between a bias vector's values, stored as [n] or [1, n]. */
    private static long vectorStride(INDArray vector) {
        return vector.rank() == 2 ? vector.stride(1) : vector.stride(0);
    }

    /** DL4J's [examples, steps] mask as one array per step, or null without a mask. */
    private double[][] masks() {
        if (maskArray == null) {
            return null;
        }
        double[][] masks = new double[steps][examples];
        INDArray m = maskArray.castTo(DataType.DOUBLE);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < examples; i++) {
                masks[t][i] = m.getDouble(i, t);
            }
        }
        return masks;
    }
}
