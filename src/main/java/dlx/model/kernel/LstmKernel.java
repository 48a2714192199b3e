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
 *   <li>projects the inputs of all steps in one product, and adds h_{t-1} RW per step in one more;</li>
 *   <li>computes the gates and cell state of a step in one vectorized Java loop, keeping them for backward;</li>
 *   <li>backward, after the per-step loop, computes dW, dRW and the input gradient in one product each.</li>
 * </ul>
 * {@link LastStepKernel} reads only the last step's output, and feeds its gradient to that step alone.
 */
public final class LstmKernel extends org.deeplearning4j.nn.layers.recurrent.LSTM implements Kernel {
    private final Buffers.Owned owned = new Buffers.Owned();
    private boolean inputGradient = true;
    private LstmCells cells;
    private int examples;
    private int steps;
    private int inputs;
    private int units;
    private INDArray timeMajor;
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

    /** DL4J may ask for a backward pass without this input's forward pass before it. */
    void forwardIfStale(Buffers buffers) {
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
            for (int i = 0; i < examples; i++) {
                long row = ((long) t * examples + i) * units;
                for (int j = 0; j < units; j++) {
                    Pointwise.put(to, ((long) i * units + j) * steps + t, Pointwise.get(from, row + j, isDouble), isDouble);
                }
            }
        }
        return out;
    }

    /** Each example's output at its last step (the last unmasked one under a mask), [examples, units]. */
    INDArray forwardLastSteps(INDArray x, Buffers buffers) {
        run(x, buffers);
        INDArray out = buffers.take("lastOutput", ArrayType.ACTIVATIONS, dataType, examples, units);
        int[] last = lastSteps();
        long size = dataType == DataType.DOUBLE ? 8 : 4;
        for (int i = 0; i < examples; i++) {
            Memory.UNSAFE.copyMemory(Memory.address(hidden) + ((long) last[i] * examples + i) * units * size,
                    Memory.address(out) + (long) i * units * size, units * size);
        }
        return out;
    }

    /** epsilon: [examples, units, steps], the gradient of every step's output. */
    @Override
    public INDArray backward(INDArray epsilon, Buffers buffers) {
        INDArray e = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        long address = Memory.address(e);
        long[] stride = e.stride();
        boolean isDouble = dataType == DataType.DOUBLE;
        return backprop(new LstmCells.StepEpsilon() {
            @Override
            public void addTo(int t, float[] dh) {
                for (int i = 0; i < examples; i++) {
                    for (int j = 0; j < units; j++) {
                        dh[i * units + j] += Memory.getFloat(address, i * stride[0] + j * stride[1] + t * stride[2]);
                    }
                }
            }

            @Override
            public void addTo(int t, double[] dh) {
                for (int i = 0; i < examples; i++) {
                    for (int j = 0; j < units; j++) {
                        dh[i * units + j] += Pointwise.get(address, i * stride[0] + j * stride[1] + t * stride[2], isDouble);
                    }
                }
            }
        }, buffers);
    }

    /** epsilon: [examples, units], the gradient of each example's last-step output. */
    INDArray backwardFromLastSteps(INDArray epsilon, Buffers buffers) {
        INDArray e = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        Matrix m = Matrix.of(Affine.matrixInput(e, dataType));
        long rowStride = m.transposed() ? 1 : m.ld();
        long colStride = m.transposed() ? m.ld() : 1;
        int[] last = lastSteps();
        boolean isDouble = dataType == DataType.DOUBLE;
        return backprop(new LstmCells.StepEpsilon() {
            @Override
            public void addTo(int t, float[] dh) {
                for (int i = 0; i < examples; i++) {
                    if (last[i] == t) {
                        for (int j = 0; j < units; j++) {
                            dh[i * units + j] += Memory.getFloat(m.address(), i * rowStride + j * colStride);
                        }
                    }
                }
            }

            @Override
            public void addTo(int t, double[] dh) {
                for (int i = 0; i < examples; i++) {
                    if (last[i] == t) {
                        for (int j = 0; j < units; j++) {
                            dh[i * units + j] += Pointwise.get(m.address(), i * rowStride + j * colStride, isDouble);
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
        INDArray recurrentWeights = getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray in = x.dataType() == type ? x : x.castTo(type);
        examples = (int) in.size(0);
        inputs = (int) in.size(1);
        steps = (int) in.size(2);
        units = (int) recurrentWeights.size(0);
        if (inputs != weights.size(0)) {
            throw new IllegalArgumentException("input has " + inputs + " features per step, the layer takes "
                    + weights.size(0) + " " + layerId());
        }
        int rows = steps * examples;
        timeMajor = buffers.take("timeMajor", ArrayType.ACTIVATIONS, type, rows, inputs);
        toTimeMajor(in, Memory.address(timeMajor), isDouble);
        INDArray gates = buffers.take("gates", ArrayType.FF_WORKING_MEM, type, rows, 4L * units);
        hidden = buffers.take("hidden", ArrayType.ACTIVATIONS, type, rows, units);
        stepMasks = masks();
        if (cells == null || !cells.fits(isDouble, examples, steps, units)) {
            cells = LstmCells.of(isDouble, examples, steps, units);
        }
        Matrix g = Matrix.of(gates);
        Matrix h = Matrix.of(hidden);
        Blas.gemm(Matrix.of(timeMajor), Matrix.of(weights), g, 1, 0);
        Matrix recurrent = Matrix.of(recurrentWeights);
        long bias = Memory.address(getParam(LSTMParamInitializer.BIAS_KEY));
        for (int t = 0; t < steps; t++) {
            Matrix gatesNow = g.rows(t * examples, examples);
            if (t > 0) {
                Blas.gemm(h.rows((t - 1) * examples, examples), recurrent, gatesNow, 1, 1);
            }
            cells.forward(t, gatesNow.address(), bias, h.rows(t * examples, examples).address(),
                    stepMasks == null ? null : stepMasks[t]);
        }
        input = x;
        forwardInput = x;
    }

    private INDArray backprop(LstmCells.StepEpsilon epsilon, Buffers buffers) {
        DataType type = dataType;
        int rows = steps * examples;
        INDArray gateGradients = buffers.take("gateGradients", ArrayType.BP_WORKING_MEM, type, rows, 4L * units);
        INDArray recurrentGradient = buffers.take("recurrentGradient", ArrayType.BP_WORKING_MEM, type, examples, units);
        Matrix dg = Matrix.of(gateGradients);
        Matrix recurrentTransposed = Matrix.of(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)).t();
        for (int t = steps - 1; t >= 0; t--) {
            Matrix now = dg.rows(t * examples, examples);
            cells.backward(t, t == steps - 1 ? 0 : Memory.address(recurrentGradient), epsilon, now.address(),
                    stepMasks == null ? null : stepMasks[t]);
            if (t > 0) {
                Blas.gemm(now, recurrentTransposed, Matrix.of(recurrentGradient), 1, 0);
            }
        }
        INDArray weights = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        Blas.gemm(Matrix.of(timeMajor).t(), dg, Matrix.of(gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY)), 1, 0);
        INDArray recurrentWeightGradient = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        if (steps > 1) {
            Blas.gemm(Matrix.of(hidden).rows(0, rows - examples).t(), dg.rows(examples, rows - examples),
                    Matrix.of(recurrentWeightGradient), 1, 0);
        } else {
            recurrentWeightGradient.assign(0);
        }
        INDArray biasGradient = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        boolean isDouble = type == DataType.DOUBLE;
        long b = Memory.address(biasGradient);
        for (int k = 0; k < 4 * units; k++) {
            Pointwise.put(b, k, cells.biasGradient[k], isDouble);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray timeMajorGradient = buffers.take("timeMajorGradient", ArrayType.BP_WORKING_MEM, type, rows, inputs);
        Blas.gemm(dg, Matrix.of(weights).t(), Matrix.of(timeMajorGradient), 1, 0);
        INDArray next = buffers.take("epsilon", ArrayType.ACTIVATION_GRAD, type, examples, inputs, steps);
        long from = Memory.address(timeMajorGradient);
        long to = Memory.address(next);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < examples; i++) {
                long row = ((long) t * examples + i) * inputs;
                for (int f = 0; f < inputs; f++) {
                    Pointwise.put(to, ((long) i * inputs + f) * steps + t, Pointwise.get(from, row + f, isDouble), isDouble);
                }
            }
        }
        return next;
    }

    /** x [examples, features, steps], any strides, into rows (t · examples + i) of features. */
    private void toTimeMajor(INDArray x, long to, boolean isDouble) {
        long from = Memory.address(x);
        long[] stride = x.stride();
        for (int i = 0; i < examples; i++) {
            for (int f = 0; f < inputs; f++) {
                long at = i * stride[0] + f * stride[1];
                for (int t = 0; t < steps; t++) {
                    Pointwise.put(to, ((long) t * examples + i) * inputs + f, Pointwise.get(from, at + t * stride[2], isDouble), isDouble);
                }
            }
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
