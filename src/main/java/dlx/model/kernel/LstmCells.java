package dlx.model.kernel;

import java.util.Arrays;

/**
 * The element-wise part of an LSTM, one time step at a time, on Java arrays: the gates and cell state
 * forward, their gradients backward. A step's values are planes [units][examples]: each gate's plane is one
 * contiguous run of units·examples values, so every loop is one long run over arrays read and written at
 * the same index. C2 (Java 17) vectorizes a loop only when it is that simple: no array read at an offset
 * (g[size + k]), no long body. A single fused loop over this step ran at 70-90 ns per value, ten times
 * slower than scalar code; the short loops below run at about 5 ns forward and 2.5 ns backward on a loaded
 * machine.
 * Gates are in DL4J's order: block input (tanh), forget, output, input modulation (sigmoid). Each step's
 * activated gates, cell state and its tanh are kept for the backward pass. One implementation per
 * precision: float for training, double for DL4J's gradient checks.
 */
abstract class LstmCells {
    final int examples;
    final int steps;
    final int units;

    LstmCells(int examples, int steps, int units) {
        this.examples = examples;
        this.steps = steps;
        this.units = units;
    }

    static LstmCells of(boolean isDouble, int examples, int steps, int units) {
        return isDouble ? new Doubles(examples, steps, units) : new Floats(examples, steps, units);
    }

    boolean fits(boolean isDouble, int examples, int steps, int units) {
        return (this instanceof Doubles) == isDouble && this.examples == examples && this.steps == steps && this.units == units;
    }

    /**
     * Step t forward: reads the gates' pre-activations, bias included, from the plane {@code gates}
     * [4·units][examples], writes h_t to the plane {@code hidden} [units][examples]. {@code mask}: per example,
     * or null; a masked example's h and cell state are multiplied by its mask, as DL4J does.
     */
    abstract void forward(int t, long gates, long hidden, double[] mask);

    /**
     * Step t backward, from the last step down: dh = the plane {@code recurrent} (the gradient through h_t
     * from step t+1; 0 at the last step) plus this step's epsilon; writes the gates' gradients to the plane
     * {@code gateGradients} [4·units][examples], scaled by the mask as DL4J scales them.
     */
    abstract void backward(int t, long recurrent, SequencePlanes.StepEpsilon epsilon, long gateGradients, double[] mask);

    static final class Floats extends LstmCells {
        private final float[][] blockInput;
        private final float[][] forget;
        private final float[][] output;
        private final float[][] modulation;
        private final float[][] cells;
        private final float[][] cellTanh;
        /** Stand-ins for the cell state before step 0, and the forget gate and cell gradient after the last step. */
        private final float[] zeros;
        /** The four gates' pre-activations, then (backward) their gradients. */
        private final float[][] gates;
        private final float[] h;
        private final float[] dh;
        private float[] dc;
        private float[] dcNext;

        Floats(int examples, int steps, int units) {
            super(examples, steps, units);
            int size = examples * units;
            blockInput = new float[steps][size];
            forget = new float[steps][size];
            output = new float[steps][size];
            modulation = new float[steps][size];
            cells = new float[steps][size];
            cellTanh = new float[steps][size];
            zeros = new float[size];
            gates = new float[4][size];
            h = new float[size];
            dh = new float[size];
            dc = new float[size];
            dcNext = new float[size];
        }

        @Override
        void forward(int t, long gateAddress, long hidden, double[] mask) {
            int size = examples * units;
            for (int k = 0; k < 4; k++) {
                Memory.read(gateAddress, (long) k * size, gates[k], 0, size);
            }
            float[] a = blockInput[t];
            float[] f = forget[t];
            float[] o = output[t];
            float[] in = modulation[t];
            float[] c = cells[t];
            float[] tc = cellTanh[t];
            float[] previous = t == 0 ? zeros : cells[t - 1];
            tanh(gates[0], a, size);
            sigmoid(gates[1], f, size);
            sigmoid(gates[2], o, size);
            sigmoid(gates[3], in, size);
            for (int k = 0; k < size; k++) {
                c[k] = f[k] * previous[k] + in[k] * a[k];
            }
            tanh(c, tc, size);
            for (int k = 0; k < size; k++) {
                h[k] = o[k] * tc[k];
            }
            if (mask != null) {
                for (int i = 0; i < examples; i++) {
                    if (mask[i] != 1) {
                        float m = (float) mask[i];
                        for (int k = i; k < size; k += examples) {
                            h[k] *= m;
                            c[k] *= m;
                        }
                    }
                }
            }
            Memory.write(h, 0, hidden, 0, size);
        }

        private static void tanh(float[] from, float[] to, int size) {
            for (int k = 0; k < size; k++) {
                to[k] = Pointwise.tanh(from[k]);
            }
        }

        private static void sigmoid(float[] from, float[] to, int size) {
            for (int k = 0; k < size; k++) {
                to[k] = Pointwise.sigmoid(from[k]);
            }
        }

        @Override
        void backward(int t, long recurrent, SequencePlanes.StepEpsilon epsilon, long gateGradientAddress, double[] mask) {
            int size = examples * units;
            if (recurrent == 0) {
                Arrays.fill(dh, 0f);
            } else {
                Memory.read(recurrent, 0, dh, 0, size);
            }
            epsilon.addTo(t, dh);
            float[] a = blockInput[t];
            float[] f = forget[t];
            float[] o = output[t];
            float[] in = modulation[t];
            float[] tc = cellTanh[t];
            float[] previous = t == 0 ? zeros : cells[t - 1];
            float[] forgetNext = t == steps - 1 ? zeros : forget[t + 1];
            float[] next = t == steps - 1 ? zeros : dcNext;
            float[] da = gates[0];
            float[] df = gates[1];
            float[] dout = gates[2];
            float[] din = gates[3];
            for (int k = 0; k < size; k++) {
                dc[k] = (1 - tc[k] * tc[k]) * (o[k] * dh[k]) + forgetNext[k] * next[k];
            }
            for (int k = 0; k < size; k++) {
                da[k] = (1 - a[k] * a[k]) * (in[k] * dc[k]);
            }
            for (int k = 0; k < size; k++) {
                df[k] = f[k] * (1 - f[k]) * dc[k] * previous[k];
            }
            for (int k = 0; k < size; k++) {
                dout[k] = dh[k] * tc[k] * (o[k] * (1 - o[k]));
            }
            for (int k = 0; k < size; k++) {
                din[k] = in[k] * (1 - in[k]) * a[k] * dc[k];
            }
            if (mask != null) {
                for (int i = 0; i < examples; i++) {
                    if (mask[i] != 1) {
                        masked(t, i, (float) mask[i], previous, forgetNext, next);
                    }
                }
            }
            for (int k = 0; k < 4; k++) {
                Memory.write(gates[k], 0, gateGradientAddress, (long) k * size, size);
            }
            float[] swap = dcNext;
            dcNext = dc;
            dc = swap;
        }

        /** Example i under a mask: DL4J takes tanh' at the masked cell state, and scales its gate gradients. */
        private void masked(int t, int i, float m, float[] previous, float[] forgetNext, float[] next) {
            for (int k = i; k < examples * units; k += examples) {
                float d = dh[k];
                float stored = Pointwise.tanh(cells[t][k]);
                float ov = output[t][k];
                float iv = modulation[t][k];
                float av = blockInput[t][k];
                float fv = forget[t][k];
                float cell = (1 - stored * stored) * (ov * d) + forgetNext[k] * next[k];
                gates[0][k] = m * ((1 - av * av) * (iv * cell));
                gates[1][k] = m * (fv * (1 - fv) * cell * previous[k]);
                gates[2][k] = m * (d * cellTanh[t][k] * (ov * (1 - ov)));
                gates[3][k] = m * (iv * (1 - iv) * av * cell);
                dc[k] = cell;
            }
        }
    }

    static final class Doubles extends LstmCells {
        private final double[][] blockInput;
        private final double[][] forget;
        private final double[][] output;
        private final double[][] modulation;
        private final double[][] cells;
        private final double[][] cellTanh;
        private final double[] zeros;
        private final double[] preActivation;
        private final double[] h;
        private final double[] dh;
        private double[] dc;
        private double[] dcNext;
        private final double[] gateGradients;

        Doubles(int examples, int steps, int units) {
            super(examples, steps, units);
            int size = examples * units;
            blockInput = new double[steps][size];
            forget = new double[steps][size];
            output = new double[steps][size];
            modulation = new double[steps][size];
            cells = new double[steps][size];
            cellTanh = new double[steps][size];
            zeros = new double[size];
            preActivation = new double[4 * size];
            h = new double[size];
            dh = new double[size];
            dc = new double[size];
            dcNext = new double[size];
            gateGradients = new double[4 * size];
        }

        @Override
        void forward(int t, long gateAddress, long hidden, double[] mask) {
            int size = examples * units;
            double[] g = preActivation;
            Memory.read(gateAddress, 0, g, 0, 4 * size);
            double[] previous = t == 0 ? zeros : cells[t - 1];
            for (int k = 0; k < size; k++) {
                double av = Math.tanh(g[k]);
                double fv = Pointwise.sigmoid(g[size + k]);
                double ov = Pointwise.sigmoid(g[2 * size + k]);
                double iv = Pointwise.sigmoid(g[3 * size + k]);
                double cell = fv * previous[k] + iv * av;
                double tanh = Math.tanh(cell);
                blockInput[t][k] = av;
                forget[t][k] = fv;
                output[t][k] = ov;
                modulation[t][k] = iv;
                cells[t][k] = cell;
                cellTanh[t][k] = tanh;
                h[k] = ov * tanh;
            }
            if (mask != null) {
                for (int i = 0; i < examples; i++) {
                    for (int k = i; k < size && mask[i] != 1; k += examples) {
                        h[k] *= mask[i];
                        cells[t][k] *= mask[i];
                    }
                }
            }
            Memory.write(h, 0, hidden, 0, size);
        }

        @Override
        void backward(int t, long recurrent, SequencePlanes.StepEpsilon epsilon, long gateGradientAddress, double[] mask) {
            int size = examples * units;
            if (recurrent == 0) {
                Arrays.fill(dh, 0);
            } else {
                Memory.read(recurrent, 0, dh, 0, size);
            }
            epsilon.addTo(t, dh);
            double[] previous = t == 0 ? zeros : cells[t - 1];
            double[] forgetNext = t == steps - 1 ? zeros : forget[t + 1];
            double[] next = t == steps - 1 ? zeros : dcNext;
            double[] dg = gateGradients;
            for (int k = 0; k < size; k++) {
                double m = mask == null ? 1 : mask[k % examples];
                double d = dh[k];
                double stored = m == 1 ? cellTanh[t][k] : Math.tanh(cells[t][k]);
                double ov = output[t][k];
                double iv = modulation[t][k];
                double av = blockInput[t][k];
                double fv = forget[t][k];
                double cell = (1 - stored * stored) * (ov * d) + forgetNext[k] * next[k];
                dg[k] = m * ((1 - av * av) * (iv * cell));
                dg[size + k] = m * (fv * (1 - fv) * cell * previous[k]);
                dg[2 * size + k] = m * (d * cellTanh[t][k] * (ov * (1 - ov)));
                dg[3 * size + k] = m * (iv * (1 - iv) * av * cell);
                dc[k] = cell;
            }
            Memory.write(dg, 0, gateGradientAddress, 0, 4 * size);
            double[] swap = dcNext;
            dcNext = dc;
            dc = swap;
        }
    }
}
