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
    private boolean inputGradient = true;
    private LstmCells cells;
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
        for (String key : new String[] {LSTMParamInitializer.INPUT_WEIGHT_KEY, LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
                LSTMParamInitializer.BIAS_KEY}) {
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
            throw new IllegalArgumentException("an LSTM takes [examples, features, steps], got shape "
                    + java.util.Arrays.toString(x.shape()) + " " + layerId());
        }
        DataType type = dataType;
        boolean isDouble = type == DataType.DOUBLE;
        INDArray weights = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray in = x.dataType() == type ? x : x.castTo(type);
        examples = (int) in.size(0);
        inputs = (int) in.size(1);
        steps = (int) in.size(2);
        units = (int) getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY).size(0);
        if (inputs != weights.size(0)) {
            throw new IllegalArgumentException("input has " + inputs + " features per step, the layer takes "
                    + weights.size(0) + " " + layerId());
        }
        // planes per step: the input with a row of ones [inputs + 1][examples], gates [4 units][examples], h [units][examples]
        inputPlanes = buffers.take("inputPlanes", ArrayType.ACTIVATIONS, type, steps, inputs + 1, examples);
        toPlanes(in, Memory.address(inputPlanes), isDouble);
        INDArray gates = buffers.take("gatePlanes", ArrayType.FF_WORKING_MEM, type, steps, 4L * units, examples);
        hidden = buffers.take("hiddenPlanes", ArrayType.ACTIVATIONS, type, steps, units, examples);
        INDArray weightsAndBias = buffers.take("weightsAndBias", ArrayType.FF_WORKING_MEM, type, 4L * units, inputs + 1);
        weightsAndBias(weights, getParam(LSTMParamInitializer.BIAS_KEY), Memory.address(weightsAndBias), isDouble);
        stepMasks = masks();
        if (cells == null || !cells.fits(isDouble, examples, steps, units)) {
            cells = LstmCells.of(isDouble, examples, steps, units);
        }
        Matrix w = Matrix.of(weightsAndBias);
        Matrix recurrentTransposed = Matrix.of(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)).t();
        for (int t = 0; t < steps; t++) {
            Matrix gatesNow = plane(gates, t, 4 * units);
            Blas.gemm(w, plane(inputPlanes, t, inputs + 1), gatesNow, 1, 0);
            if (t > 0) {
                Blas.gemm(recurrentTransposed, plane(hidden, t - 1, units), gatesNow, 1, 1);
            }
            cells.forward(t, gatesNow.address(), plane(hidden, t, units).address(), stepMasks == null ? null : stepMasks[t]);
        }
        input = x;
        forwardInput = x;
    }

    private INDArray backprop(LstmCells.StepEpsilon epsilon, Buffers buffers) {
        DataType type = dataType;
        boolean isDouble = type == DataType.DOUBLE;
        INDArray gateGradients = buffers.take("gateGradientPlanes", ArrayType.BP_WORKING_MEM, type, steps, 4L * units, examples);
        INDArray recurrentGradient = buffers.take("recurrentGradient", ArrayType.BP_WORKING_MEM, type, units, examples);
        // [4 units][inputs + 1]: dW transposed, and the bias gradient from the input's row of ones
        INDArray weightAndBiasGradient = buffers.take("weightAndBiasGradient", ArrayType.BP_WORKING_MEM, type, 4L * units, inputs + 1);
        Matrix dh = Matrix.of(recurrentGradient);
        Matrix dwb = Matrix.of(weightAndBiasGradient);
        Matrix recurrentWeights = Matrix.of(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY));
        Matrix recurrentWeightGradient = Matrix.of(gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY));
        for (int t = steps - 1; t >= 0; t--) {
            Matrix now = plane(gateGradients, t, 4 * units);
            cells.backward(t, t == steps - 1 ? 0 : dh.address(), epsilon, now.address(), stepMasks == null ? null : stepMasks[t]);
            double beta = t == steps - 1 ? 0 : 1;
            if (t > 0) {
                Blas.gemm(recurrentWeights, now, dh, 1, 0);
                Blas.gemm(plane(hidden, t - 1, units), now.t(), recurrentWeightGradient, 1, t == steps - 1 ? 0 : 1);
            }
            Blas.gemm(now, plane(inputPlanes, t, inputs + 1).t(), dwb, 1, beta);
        }
        if (steps == 1) {
            gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY).assign(0);
        }
        INDArray w = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray bias = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        long from = dwb.address();
        long wTo = Memory.address(w);
        long bTo = Memory.address(bias);
        long biasStride = bias.rank() == 2 ? bias.stride(1) : bias.stride(0);
        for (int r = 0; r < 4 * units; r++) {
            long row = (long) r * (inputs + 1);
            for (int f = 0; f < inputs; f++) {
                Pointwise.put(wTo, f * w.stride(0) + r * w.stride(1), Pointwise.get(from, row + f, isDouble), isDouble);
            }
            Pointwise.put(bTo, r * biasStride, Pointwise.get(from, row + inputs, isDouble), isDouble);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray inputGradientPlane = buffers.take("inputGradientPlane", ArrayType.BP_WORKING_MEM, type, inputs, examples);
        INDArray next = buffers.take("epsilon", ArrayType.ACTIVATION_GRAD, type, examples, inputs, steps);
        Matrix weights = Matrix.of(getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY));
        long planeAddress = Memory.address(inputGradientPlane);
        long to = Memory.address(next);
        for (int t = 0; t < steps; t++) {
            Blas.gemm(weights, plane(gateGradients, t, 4 * units), Matrix.of(inputGradientPlane), 1, 0);
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

    /** [4 units][inputs + 1]: row r holds W[:, r] (W is [inputs, 4 units]) and then b[r]. */
    private void weightsAndBias(INDArray weights, INDArray bias, long to, boolean isDouble) {
        long w = Memory.address(weights);
        long b = Memory.address(bias);
        long rowStride = weights.stride(0);
        long colStride = weights.stride(1);
        long biasStride = bias.rank() == 2 ? bias.stride(1) : bias.stride(0);
        for (int r = 0; r < 4 * units; r++) {
            long row = (long) r * (inputs + 1);
            for (int f = 0; f < inputs; f++) {
                Pointwise.put(to, row + f, Pointwise.get(w, f * rowStride + r * colStride, isDouble), isDouble);
            }
            Pointwise.put(to, row + inputs, Pointwise.get(b, r * biasStride, isDouble), isDouble);
        }
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
