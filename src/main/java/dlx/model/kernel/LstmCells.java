package dlx.model.kernel;

/**
 * The element-wise part of an LSTM, one time step at a time, on Java arrays the JIT vectorizes: the gates
 * and cell state forward, their gradients backward. Gates are in DL4J's order along 4·units: block input
 * (tanh), forget, output, input modulation (sigmoid). Each step's activated gates, cell state and its tanh
 * are kept for the backward pass. One implementation per precision: float for training, double for
 * DL4J's gradient checks.
 */
abstract class LstmCells {
    final int examples;
    final int steps;
    final int units;
    /** The bias gradient summed over examples and steps, 4·units. */
    final double[] biasGradient;

    LstmCells(int examples, int steps, int units) {
        this.examples = examples;
        this.steps = steps;
        this.units = units;
        this.biasGradient = new double[4 * units];
    }

    static LstmCells of(boolean isDouble, int examples, int steps, int units) {
        return isDouble ? new Doubles(examples, steps, units) : new Floats(examples, steps, units);
    }

    boolean fits(boolean isDouble, int examples, int steps, int units) {
        return (this instanceof Doubles) == isDouble && this.examples == examples && this.steps == steps && this.units == units;
    }

    /**
     * Step t forward: reads the gates' pre-activations (without bias) from {@code gates} [examples, 4·units],
     * writes the output h_t to {@code hidden} [examples, units]. {@code mask}: per example, or null; a masked
     * example's h and cell state are multiplied by its mask, as DL4J does.
     */
    abstract void forward(int t, long gates, long bias, long hidden, double[] mask);

    /**
     * Step t backward, from the last step down: dh = {@code recurrent} [examples, units] (the gradient through
     * h_t from step t+1; 0 at the last step) plus this step's epsilon, to the gates' gradients written to
     * {@code gateGradients} [examples, 4·units] and summed into {@link #biasGradient}.
     */
    abstract void backward(int t, long recurrent, StepEpsilon epsilon, long gateGradients, double[] mask);

    /** The gradient from the layer above for one time step, added into dh. */
    interface StepEpsilon {
        /** dh[i · units + j] += epsilon of example i, unit j, at step t */
        void addTo(int t, float[] dh);

        void addTo(int t, double[] dh);
    }

    static final class Floats extends LstmCells {
        private final float[][] gates;
        private final float[][] cells;
        private final float[][] cellTanh;
        private final float[] bias;
        private final float[] h;
        private float[] dc;
        private float[] dcNext;
        private final float[] dh;
        private final float[] dg;

        Floats(int examples, int steps, int units) {
            super(examples, steps, units);
            gates = new float[steps][examples * 4 * units];
            cells = new float[steps][examples * units];
            cellTanh = new float[steps][examples * units];
            bias = new float[4 * units];
            h = new float[examples * units];
            dc = new float[examples * units];
            dcNext = new float[examples * units];
            dh = new float[examples * units];
            dg = new float[examples * 4 * units];
        }

        @Override
        void forward(int t, long gateAddress, long biasAddress, long hidden, double[] mask) {
            int n = examples;
            int u = units;
            float[] g = gates[t];
            float[] c = cells[t];
            float[] tc = cellTanh[t];
            Memory.read(gateAddress, 0, g, 0, n * 4 * u);
            if (t == 0) {
                Memory.read(biasAddress, 0, bias, 0, 4 * u);
            }
            float[] previous = t == 0 ? null : cells[t - 1];
            for (int i = 0; i < n; i++) {
                int gi = i * 4 * u;
                int ci = i * u;
                if (previous == null) {
                    firstStep(g, c, tc, gi, ci, u);
                } else {
                    step(g, c, tc, previous, gi, ci, u);
                }
                if (mask != null && mask[i] != 1) {
                    float m = (float) mask[i];
                    for (int j = 0; j < u; j++) {
                        h[ci + j] *= m;
                        c[ci + j] *= m;
                    }
                }
            }
            Memory.write(h, 0, hidden, 0, n * u);
        }

        private void firstStep(float[] g, float[] c, float[] tc, int gi, int ci, int u) {
            for (int j = 0; j < u; j++) {
                float a = Pointwise.tanh(g[gi + j] + bias[j]);
                float f = Pointwise.sigmoid(g[gi + u + j] + bias[u + j]);
                float o = Pointwise.sigmoid(g[gi + 2 * u + j] + bias[2 * u + j]);
                float in = Pointwise.sigmoid(g[gi + 3 * u + j] + bias[3 * u + j]);
                g[gi + j] = a;
                g[gi + u + j] = f;
                g[gi + 2 * u + j] = o;
                g[gi + 3 * u + j] = in;
                float cell = in * a;
                float tanh = Pointwise.tanh(cell);
                c[ci + j] = cell;
                tc[ci + j] = tanh;
                h[ci + j] = o * tanh;
            }
        }

        private void step(float[] g, float[] c, float[] tc, float[] previous, int gi, int ci, int u) {
            for (int j = 0; j < u; j++) {
                float a = Pointwise.tanh(g[gi + j] + bias[j]);
                float f = Pointwise.sigmoid(g[gi + u + j] + bias[u + j]);
                float o = Pointwise.sigmoid(g[gi + 2 * u + j] + bias[2 * u + j]);
                float in = Pointwise.sigmoid(g[gi + 3 * u + j] + bias[3 * u + j]);
                g[gi + j] = a;
                g[gi + u + j] = f;
                g[gi + 2 * u + j] = o;
                g[gi + 3 * u + j] = in;
                float cell = f * previous[ci + j] + in * a;
                float tanh = Pointwise.tanh(cell);
                c[ci + j] = cell;
                tc[ci + j] = tanh;
                h[ci + j] = o * tanh;
            }
        }

        @Override
        void backward(int t, long recurrent, StepEpsilon epsilon, long gateGradients, double[] mask) {
            int n = examples;
            int u = units;
            if (t == steps - 1) {
                java.util.Arrays.fill(biasGradient, 0);
            }
            if (recurrent == 0) {
                java.util.Arrays.fill(dh, 0f);
            } else {
                Memory.read(recurrent, 0, dh, 0, n * u);
            }
            epsilon.addTo(t, dh);
            float[] g = gates[t];
            float[] c = cells[t];
            float[] tc = cellTanh[t];
            float[] previous = t == 0 ? null : cells[t - 1];
            float[] next = t == steps - 1 ? null : gates[t + 1];
            for (int i = 0; i < n; i++) {
                int gi = i * 4 * u;
                int ci = i * u;
                boolean masked = mask != null && mask[i] != 1;
                for (int j = 0; j < u; j++) {
                    float a = g[gi + j];
                    float f = g[gi + u + j];
                    float o = g[gi + 2 * u + j];
                    float in = g[gi + 3 * u + j];
                    float d = dh[ci + j];
                    float tanh = tc[ci + j];
                    // DL4J differentiates tanh at the stored (masked) cell state
                    float stored = masked ? Pointwise.tanh(c[ci + j]) : tanh;
                    float cell = (1 - stored * stored) * (o * d);
                    if (next != null) {
                        cell += next[gi + u + j] * dcNext[ci + j];
                    }
                    dg[gi + j] = (1 - a * a) * (in * cell);
                    dg[gi + u + j] = previous == null ? 0f : f * (1 - f) * cell * previous[ci + j];
                    dg[gi + 2 * u + j] = d * tanh * (o * (1 - o));
                    dg[gi + 3 * u + j] = in * (1 - in) * a * cell;
                    dc[ci + j] = cell;
                }
                if (masked) {
                    float m = (float) mask[i];
                    for (int k = 0; k < 4 * u; k++) {
                        dg[gi + k] *= m;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                int gi = i * 4 * u;
                for (int k = 0; k < 4 * u; k++) {
                    biasGradient[k] += dg[gi + k];
                }
            }
            Memory.write(dg, 0, gateGradients, 0, n * 4 * u);
            float[] swap = dcNext;
            dcNext = dc;
            dc = swap;
        }
    }

    static final class Doubles extends LstmCells {
        private final double[][] gates;
        private final double[][] cells;
        private final double[][] cellTanh;
        private final double[] bias;
        private final double[] h;
        private double[] dc;
        private double[] dcNext;
        private final double[] dh;
        private final double[] dg;

        Doubles(int examples, int steps, int units) {
            super(examples, steps, units);
            gates = new double[steps][examples * 4 * units];
            cells = new double[steps][examples * units];
            cellTanh = new double[steps][examples * units];
            bias = new double[4 * units];
            h = new double[examples * units];
            dc = new double[examples * units];
            dcNext = new double[examples * units];
            dh = new double[examples * units];
            dg = new double[examples * 4 * units];
        }

        @Override
        void forward(int t, long gateAddress, long biasAddress, long hidden, double[] mask) {
            int n = examples;
            int u = units;
            double[] g = gates[t];
            double[] c = cells[t];
            double[] tc = cellTanh[t];
            Memory.read(gateAddress, 0, g, 0, n * 4 * u);
            if (t == 0) {
                Memory.read(biasAddress, 0, bias, 0, 4 * u);
            }
            double[] previous = t == 0 ? null : cells[t - 1];
            for (int i = 0; i < n; i++) {
                int gi = i * 4 * u;
                int ci = i * u;
                for (int j = 0; j < u; j++) {
                    double a = Math.tanh(g[gi + j] + bias[j]);
                    double f = Pointwise.sigmoid(g[gi + u + j] + bias[u + j]);
                    double o = Pointwise.sigmoid(g[gi + 2 * u + j] + bias[2 * u + j]);
                    double in = Pointwise.sigmoid(g[gi + 3 * u + j] + bias[3 * u + j]);
                    g[gi + j] = a;
                    g[gi + u + j] = f;
                    g[gi + 2 * u + j] = o;
                    g[gi + 3 * u + j] = in;
                    double cell = (previous == null ? 0 : f * previous[ci + j]) + in * a;
                    double tanh = Math.tanh(cell);
                    c[ci + j] = cell;
                    tc[ci + j] = tanh;
                    h[ci + j] = o * tanh;
                }
                if (mask != null && mask[i] != 1) {
                    for (int j = 0; j < u; j++) {
                        h[ci + j] *= mask[i];
                        c[ci + j] *= mask[i];
                    }
                }
            }
            Memory.write(h, 0, hidden, 0, n * u);
        }

        @Override
        void backward(int t, long recurrent, StepEpsilon epsilon, long gateGradients, double[] mask) {
            int n = examples;
            int u = units;
            if (t == steps - 1) {
                java.util.Arrays.fill(biasGradient, 0);
            }
            if (recurrent == 0) {
                java.util.Arrays.fill(dh, 0);
            } else {
                Memory.read(recurrent, 0, dh, 0, n * u);
            }
            epsilon.addTo(t, dh);
            double[] g = gates[t];
            double[] c = cells[t];
            double[] tc = cellTanh[t];
            double[] previous = t == 0 ? null : cells[t - 1];
            double[] next = t == steps - 1 ? null : gates[t + 1];
            for (int i = 0; i < n; i++) {
                int gi = i * 4 * u;
                int ci = i * u;
                boolean masked = mask != null && mask[i] != 1;
                for (int j = 0; j < u; j++) {
                    double a = g[gi + j];
                    double f = g[gi + u + j];
                    double o = g[gi + 2 * u + j];
                    double in = g[gi + 3 * u + j];
                    double d = dh[ci + j];
                    double tanh = tc[ci + j];
                    double stored = masked ? Math.tanh(c[ci + j]) : tanh;
                    double cell = (1 - stored * stored) * (o * d);
                    if (next != null) {
                        cell += next[gi + u + j] * dcNext[ci + j];
                    }
                    dg[gi + j] = (1 - a * a) * (in * cell);
                    dg[gi + u + j] = previous == null ? 0 : f * (1 - f) * cell * previous[ci + j];
                    dg[gi + 2 * u + j] = d * tanh * (o * (1 - o));
                    dg[gi + 3 * u + j] = in * (1 - in) * a * cell;
                    dc[ci + j] = cell;
                }
                if (masked) {
                    for (int k = 0; k < 4 * u; k++) {
                        dg[gi + k] *= mask[i];
                    }
                }
                for (int k = 0; k < 4 * u; k++) {
                    biasGradient[k] += dg[gi + k];
                }
            }
            Memory.write(dg, 0, gateGradients, 0, n * 4 * u);
            double[] swap = dcNext;
            dcNext = dc;
            dc = swap;
        }
    }
}
