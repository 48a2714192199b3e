package dlx.model.kernel;

import java.util.Arrays;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the recurrent kernels ({@link LstmKernel}, {@link GruKernel}) share: a batch of sequences held as planes
 * [rows][examples] per step, so that each row of a step is one contiguous run for the cells' loops and one
 * operand for BLAS. It turns DL4J's NCW arrays [examples, features, steps] into planes and back, holds the
 * input planes (with a row of ones that carries the input bias through the input product) and the hidden
 * state of every step, the masks, and each example's last step. The two kernels extend different layers
 * (DL4J's LSTM, dlx's GruLayer), so they hold one of these rather than share a superclass.
 */
final class SequencePlanes {
    private final String kind;
    private int examples;
    private int steps;
    private int inputs;
    private int units;
    private boolean isDouble;
    /** The input as planes per step with a row of ones, [steps][inputs + 1][examples]. */
    private INDArray inputPlanes;
    /** h as planes per step, [steps][units][examples]. */
    private INDArray hidden;
    private double[][] stepMasks;

    /** kind: how errors name the layer, "an LSTM". */
    SequencePlanes(String kind) {
        this.kind = kind;
    }

    /** The gradient from the layer above for one time step, added into the plane dh [units][examples]. */
    interface StepEpsilon {
        void addTo(int t, float[] dh);

        void addTo(int t, double[] dh);
    }

    /**
     * Takes a batch: x [examples, features, steps] (cast to the layer's type), into input planes, with hidden
     * planes for its states and DL4J's mask [examples, steps] (or null) per step.
     */
    void load(INDArray x, DataType type, long weightRows, int units, INDArray mask, Buffers buffers, String layerId) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(kind + " takes [examples, features, steps], got shape "
                    + Arrays.toString(x.shape()) + " " + layerId);
        }
        INDArray in = x.dataType() == type ? x : x.castTo(type);
        isDouble = type == DataType.DOUBLE;
        examples = (int) in.size(0);
        inputs = (int) in.size(1);
        steps = (int) in.size(2);
        this.units = units;
        if (inputs != weightRows) {
            throw new IllegalArgumentException("input has " + inputs + " features per step, the layer takes "
                    + weightRows + " " + layerId);
        }
        inputPlanes = buffers.take("inputPlanes", ArrayType.ACTIVATIONS, type, steps, inputs + 1, examples);
        toPlanes(in, Memory.address(inputPlanes));
        hidden = buffers.take("hiddenPlanes", ArrayType.ACTIVATIONS, type, steps, units, examples);
        stepMasks = masks(mask);
    }

    int examples() {
        return examples;
    }

    int steps() {
        return steps;
    }

    int inputs() {
        return inputs;
    }

    /** Step t's mask, one value per example, or null without a mask. */
    double[] mask(int t) {
        return stepMasks == null ? null : stepMasks[t];
    }

    /** Step t's input with its row of ones, [inputs + 1][examples]. */
    Matrix input(int t) {
        return plane(inputPlanes, t, inputs + 1);
    }

    /** Step t's hidden state, [units][examples]. */
    Matrix hidden(int t) {
        return plane(hidden, t, units);
    }

    /** Step t of a [steps, rows, examples] array of planes, as a rows x examples matrix. */
    Matrix plane(INDArray planes, int t, int rows) {
        return Matrix.rowMajor(Memory.address(planes) + (long) t * rows * examples * (isDouble ? 8 : 4), rows, examples,
                examples, isDouble);
    }

    /** The output of every step, [examples, units, steps]. */
    INDArray outputs(DataType type, Buffers buffers) {
        INDArray out = buffers.take("output", ArrayType.ACTIVATIONS, type, examples, units, steps);
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

    /** Each example's output at its last step, [examples, units]. */
    INDArray lastOutputs(DataType type, Buffers buffers, String layerId) {
        INDArray out = buffers.take("lastOutput", ArrayType.ACTIVATIONS, type, examples, units);
        int[] last = lastSteps(layerId);
        long from = Memory.address(hidden);
        long to = Memory.address(out);
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < units; j++) {
                Pointwise.put(to, (long) i * units + j, Pointwise.get(from, ((long) last[i] * units + j) * examples + i, isDouble), isDouble);
            }
        }
        return out;
    }

    /** e: [examples, units, steps] in the layer's type, the gradient of every step's output. */
    StepEpsilon everyStep(INDArray e) {
        long address = Memory.address(e);
        long[] stride = e.stride();
        return new StepEpsilon() {
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
        };
    }

    /** e: [examples, units] in the layer's type, the gradient of each example's last-step output. */
    StepEpsilon lastStep(INDArray e, String layerId) {
        long address = Memory.address(e);
        long rowStride = e.stride(0);
        long colStride = e.stride(1);
        int[] last = lastSteps(layerId);
        return new StepEpsilon() {
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
        };
    }

    /** [rows][inputs + 1]: row r holds W[:, r] (W is [inputs, rows]) and then b[r]. */
    void weightsAndBias(INDArray weights, INDArray bias, int rows, long to) {
        long w = Memory.address(weights);
        long b = Memory.address(bias);
        long rowStride = weights.stride(0);
        long colStride = weights.stride(1);
        for (int r = 0; r < rows; r++) {
            long row = (long) r * (inputs + 1);
            for (int f = 0; f < inputs; f++) {
                Pointwise.put(to, row + f, Pointwise.get(w, f * rowStride + r * colStride, isDouble), isDouble);
            }
            Pointwise.put(to, row + inputs, Pointwise.get(b, r * vectorStride(bias), isDouble), isDouble);
        }
    }

    /** The reverse of {@link #weightsAndBias}: [rows][inputs + 1] at {@code from} into the gradient views dW and db. */
    void splitWeightsAndBias(long from, int rows, INDArray weights, INDArray bias) {
        long wTo = Memory.address(weights);
        long bTo = Memory.address(bias);
        for (int r = 0; r < rows; r++) {
            long row = (long) r * (inputs + 1);
            for (int f = 0; f < inputs; f++) {
                Pointwise.put(wTo, f * weights.stride(0) + r * weights.stride(1), Pointwise.get(from, row + f, isDouble), isDouble);
            }
            Pointwise.put(bTo, r * vectorStride(bias), Pointwise.get(from, row + inputs, isDouble), isDouble);
        }
    }

    /**
     * The gradient with respect to the input, [examples, inputs, steps]: per step, W [inputs, rows] times that
     * step's plane of {@code gateGradients} [steps, rows, examples].
     */
    INDArray inputGradient(INDArray weights, INDArray gateGradients, int rows, DataType type, Buffers buffers) {
        INDArray inputGradientPlane = buffers.take("inputGradientPlane", ArrayType.BP_WORKING_MEM, type, inputs, examples);
        INDArray next = buffers.take("epsilon", ArrayType.ACTIVATION_GRAD, type, examples, inputs, steps);
        Matrix w = Matrix.of(weights);
        long planeAddress = Memory.address(inputGradientPlane);
        long to = Memory.address(next);
        for (int t = 0; t < steps; t++) {
            Blas.gemm(w, plane(gateGradients, t, rows), Matrix.of(inputGradientPlane), 1, 0);
            for (int f = 0; f < inputs; f++) {
                for (int i = 0; i < examples; i++) {
                    Pointwise.put(to, ((long) i * inputs + f) * steps + t, Pointwise.get(planeAddress, (long) f * examples + i, isDouble), isDouble);
                }
            }
        }
        return next;
    }

    /** The step between a bias vector's values, stored as [n] or [1, n]. */
    static long vectorStride(INDArray vector) {
        return vector.rank() == 2 ? vector.stride(1) : vector.stride(0);
    }

    /** The last step of each example: the last one whose mask is not 0, as DL4J's LastTimeStep takes it. */
    private int[] lastSteps(String layerId) {
        int[] last = new int[examples];
        for (int i = 0; i < examples; i++) {
            last[i] = steps - 1;
            if (stepMasks != null) {
                while (last[i] > 0 && stepMasks[last[i]][i] == 0) {
                    last[i]--;
                }
                if (stepMasks[last[i]][i] == 0) {
                    throw new IllegalStateException("example " + i + " of the batch is masked at every step " + layerId);
                }
            }
        }
        return last;
    }

    /** x [examples, features, steps], any strides, into planes [steps][features + 1][examples], the last row ones. */
    private void toPlanes(INDArray x, long to) {
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

    /** DL4J's [examples, steps] mask as one array per step, or null without a mask. */
    private double[][] masks(INDArray mask) {
        if (mask == null) {
            return null;
        }
        double[][] masks = new double[steps][examples];
        INDArray m = mask.castTo(DataType.DOUBLE);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < examples; i++) {
                masks[t][i] = m.getDouble(i, t);
            }
        }
        return masks;
    }
}
