package dlx.model.kernel;

/**
 * The element-wise loops of the kernels, over native memory: bias plus activation in one pass, the
 * activation's derivative times the incoming gradient together with the bias gradient, softmax with
 * cross-entropy. Float arrays take float math with rational approximations of tanh and the sigmoid
 * (within 4e-7 of the exact functions); double arrays, which DL4J's gradient checks use, take the exact
 * functions.
 */
final class Pointwise {
    /** DL4J's MCXENT clips softmax outputs to [eps, 1 - eps] before the logarithm. */
    static final double SOFTMAX_CLIP = 1e-10;
    private static final float TANH_CLAMP = 7.90531110763549805f;
    // Eigen's rational approximation of tanh on [-7.9, 7.9] (single precision)
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private Pointwise() {
    }

    static float tanh(float x) {
        x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float x2 = x * x;
        float p = x2 * A13 + A11;
        p = x2 * p + A9;
        p = x2 * p + A7;
        p = x2 * p + A5;
        p = x2 * p + A3;
        p = x2 * p + A1;
        p = x * p;
        float q = x2 * B6 + B4;
        q = x2 * q + B2;
        q = x2 * q + B0;
        return p / q;
    }

    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double get(long address, long index, boolean isDouble) {
        return isDouble ? Memory.getDouble(address, index) : Memory.getFloat(address, index);
    }

    static void put(long address, long index, double value, boolean isDouble) {
        if (isDouble) {
            Memory.putDouble(address, index, value);
        } else {
            Memory.putFloat(address, index, (float) value);
        }
    }

    /**
     * In place over a contiguous [rows, cols] matrix: z = f(z + bias) for an element-wise f, or z = z + bias
     * for softmax and generic activations (applied by the caller). {@code bias} 0: none.
     */
    static void biasActivate(long z, long bias, int rows, int cols, Fused f, double alpha, boolean isDouble) {
        if (!isDouble) {
            biasActivateFloats(z, bias, rows, cols, f, (float) alpha);
            return;
        }
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            for (int c = 0; c < cols; c++) {
                double v = Memory.getDouble(z, row + c) + (bias == 0 ? 0 : Memory.getDouble(bias, c));
                Memory.putDouble(z, row + c, switch (f) {
                    case RELU -> v > 0 ? v : 0;
                    case LEAKY_RELU -> v > 0 ? v : alpha * v;
                    case TANH -> Math.tanh(v);
                    case SIGMOID -> sigmoid(v);
                    default -> v;
                });
            }
        }
    }

    private static void biasActivateFloats(long z, long bias, int rows, int cols, Fused f, float alpha) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            switch (f) {
                case RELU -> {
                    for (int c = 0; c < cols; c++) {
                        float v = Memory.getFloat(z, row + c) + (bias == 0 ? 0 : Memory.getFloat(bias, c));
                        Memory.putFloat(z, row + c, v > 0 ? v : 0);
                    }
                }
                case LEAKY_RELU -> {
                    for (int c = 0; c < cols; c++) {
                        float v = Memory.getFloat(z, row + c) + (bias == 0 ? 0 : Memory.getFloat(bias, c));
                        Memory.putFloat(z, row + c, v > 0 ? v : alpha * v);
                    }
                }
                case TANH -> {
                    for (int c = 0; c < cols; c++) {
                        Memory.putFloat(z, row + c, tanh(Memory.getFloat(z, row + c) + (bias == 0 ? 0 : Memory.getFloat(bias, c))));
                    }
                }
                case SIGMOID -> {
                    for (int c = 0; c < cols; c++) {
                        Memory.putFloat(z, row + c, sigmoid(Memory.getFloat(z, row + c) + (bias == 0 ? 0 : Memory.getFloat(bias, c))));
                    }
                }
                default -> {
                    if (bias != 0) {
                        for (int c = 0; c < cols; c++) {
                            Memory.putFloat(z, row + c, Memory.getFloat(z, row + c) + Memory.getFloat(bias, c));
                        }
                    }
                }
            }
        }
    }

    /**
     * delta = f'(y) * epsilon for an element-wise f whose output y is given, and, when {@code biasGradient} is
     * not 0, the column sums of delta into it. y and delta are contiguous [rows, cols]; epsilon is any
     * {@link Matrix} of that shape (DL4J's layers pass 'f'-ordered ones).
     */
    static void activationGradient(long y, Matrix epsilon, long delta, long biasGradient, int rows, int cols, Fused f,
                                   double alpha, boolean isDouble) {
        long rowStride = epsilon.transposed() ? 1 : epsilon.ld();
        long colStride = epsilon.transposed() ? epsilon.ld() : 1;
        long e = epsilon.address();
        if (!isDouble && f == Fused.RELU && colStride == 1) {
            reluGradientFloats(y, e, rowStride, delta, biasGradient, rows, cols);
            return;
        }
        double[] sums = biasGradient == 0 ? null : new double[cols];
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            for (int c = 0; c < cols; c++) {
                double out = get(y, row + c, isDouble);
                double g = get(e, r * rowStride + c * colStride, isDouble);
                double d = switch (f) {
                    case RELU -> out > 0 ? g : 0;
                    case LEAKY_RELU -> out > 0 ? g : alpha * g;
                    case TANH -> (1 - out * out) * g;
                    case SIGMOID -> out * (1 - out) * g;
                    case IDENTITY -> g;
                    default -> throw new IllegalArgumentException(f + " is not element-wise");
                };
                put(delta, row + c, d, isDouble);
                if (sums != null) {
                    sums[c] += isDouble ? d : (float) d;
                }
            }
        }
        if (sums != null) {
            for (int c = 0; c < cols; c++) {
                put(biasGradient, c, sums[c], isDouble);
            }
        }
    }

    private static void reluGradientFloats(long y, long e, long rowStride, long delta, long biasGradient, int rows, int cols) {
        float[] sums = new float[cols];
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            long erow = r * rowStride;
            for (int c = 0; c < cols; c++) {
                float d = Memory.getFloat(y, row + c) > 0 ? Memory.getFloat(e, erow + c) : 0f;
                Memory.putFloat(delta, row + c, d);
                sums[c] += d;
            }
        }
        if (biasGradient != 0) {
            for (int c = 0; c < cols; c++) {
                Memory.putFloat(biasGradient, c, sums[c]);
            }
        }
    }

    /** Column sums of a contiguous [rows, cols] matrix into {@code sums}, overwriting it. */
    static void columnSums(long matrix, long sums, int rows, int cols, boolean isDouble) {
        double[] total = new double[cols];
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            for (int c = 0; c < cols; c++) {
                double v = get(matrix, row + c, isDouble);
                total[c] += isDouble ? v : (float) v;
            }
        }
        for (int c = 0; c < cols; c++) {
            put(sums, c, total[c], isDouble);
        }
    }

    /** Softmax of each row of a contiguous [rows, cols] matrix, from z into out (which may be z). */
    static void softmax(long z, long out, int rows, int cols, boolean isDouble) {
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, get(z, row + c, isDouble));
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                double p = Math.exp(get(z, row + c, isDouble) - max);
                put(out, row + c, p, isDouble);
                sum += p;
            }
            for (int c = 0; c < cols; c++) {
                put(out, row + c, get(out, row + c, isDouble) / sum, isDouble);
            }
        }
    }

    /**
     * DL4J's softmax with multi-class cross-entropy (MCXENT), for probabilities p already in {@code p}:
     * delta = p - labels (DL4J's gradient, before it divides by the batch; none when {@code delta} is 0), and the
     * returned loss summed over the rows, -sum(labels * log(clip(p))). Labels are any {@link Matrix} of that shape.
     */
    static double softmaxCrossEntropy(long p, Matrix labels, long delta, int rows, int cols, boolean isDouble) {
        long rowStride = labels.transposed() ? 1 : labels.ld();
        long colStride = labels.transposed() ? labels.ld() : 1;
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols;
            for (int c = 0; c < cols; c++) {
                double probability = get(p, row + c, isDouble);
                double label = get(labels.address(), r * rowStride + c * colStride, isDouble);
                if (delta != 0) {
                    put(delta, row + c, probability - label, isDouble);
                }
                if (label != 0) {
                    double clipped = Math.min(Math.max(probability, SOFTMAX_CLIP), 1 - SOFTMAX_CLIP);
                    loss -= label * Math.log(isDouble ? clipped : (float) clipped);
                }
            }
        }
        return loss;
    }
}
