package dlx.model.kernel;

import java.util.Arrays;

/**
 * The element-wise part of a GRU ({@link dlx.model.recurrent.Gru}'s equations), one time step at a time, on Java
 * arrays: the gates and the new state forward, their gradients backward. As in {@link LstmCells}, a step's values
 * are planes [units][examples] and every loop is one simple run over arrays at the same index, which C2 vectorizes.
 * The gates are r, z, n along 3·units. Each step's r, z, n and h R_n + c_n (which the reset gate scaled) and h are
 * kept for the backward pass. One implementation per precision: float for training, double for gradient checks.
 */
abstract class GruCells {
    final int examples;
    final int steps;
    final int units;
    /** The recurrent bias gradient, summed over examples and steps, 3·units; complete after step 0's backward. */
    final double[] recurrentBiasGradient;

    GruCells(int examples, int steps, int units) {
        this.examples = examples;
        this.steps = steps;
        this.units = units;
        this.recurrentBiasGradient = new double[3 * units];
    }

    static GruCells of(boolean isDouble, int examples, int steps, int units) {
        return isDouble ? new Doubles(examples, steps, units) : new Floats(examples, steps, units);
    }

    boolean fits(boolean isDouble, int examples, int steps, int units) {
        return (this instanceof Doubles) == isDouble && this.examples == examples && this.steps == steps && this.units == units;
    }

    /** The recurrent bias {@code Rb} [3·units], read before a forward pass: it is added to every step's h R. */
    abstract void recurrentBias(double[] bias);

    /**
     * Step t forward: the input's part of the gates, x W + b, from the plane {@code inputGates} [3·units][examples];
     * the state's part without its bias, h R, from {@code recurrentGates} (0 at step 0, whose previous state is 0);
     * writes h_t to the plane {@code hidden} [units][examples]. A masked example's h is multiplied by its mask, as
     * {@link dlx.model.recurrent.GruLayer} does.
     */
    abstract void forward(int t, long inputGates, long recurrentGates, long hidden, double[] mask);

    /**
     * Step t backward, from the last step down: dh = the plane {@code carriedIn} (the gradient through h_t from step
     * t+1; 0 at the last step) plus this step's epsilon, times the mask. Writes the gradients of the input's part of
     * the gates to {@code inputGateGradients} and of the state's part to {@code recurrentGateGradients} (both
     * [3·units][examples]) and, but at step 0, dh z, the direct part of the gradient through h_{t-1}, to
     * {@code carriedOut} [units][examples]; the caller adds the part through R.
     */
    abstract void backward(int t, long carriedIn, SequencePlanes.StepEpsilon epsilon, long inputGateGradients,
                           long recurrentGateGradients, long carriedOut, double[] mask);

    /** The bias of unit row j of gate g, laid over a plane: value {@code bias[g·units + k / examples]} at k. */
    final void expand(double[] bias, int gate, float[] into) {
        for (int k = 0; k < into.length; k++) {
            into[k] = (float) bias[gate * units + k / examples];
        }
    }

    final void expand(double[] bias, int gate, double[] into) {
        for (int k = 0; k < into.length; k++) {
            into[k] = bias[gate * units + k / examples];
        }
    }

    static final class Floats extends GruCells {
        private final float[][] reset;
        private final float[][] update;
        private final float[][] candidate;
        private final float[][] recurrentN;
        private final float[][] hidden;
        private final float[][] bias;
        private final float[] zeros;
        /** The three gates' inputs, then (backward) their input gradients. */
        private final float[][] gates;
        /** The state's part of the gates, then (backward) its gradients. */
        private final float[][] recurrent;
        private final float[] dh;
        private final float[] carried;

        Floats(int examples, int steps, int units) {
            super(examples, steps, units);
            int size = examples * units;
            reset = new float[steps][size];
            update = new float[steps][size];
            candidate = new float[steps][size];
            recurrentN = new float[steps][size];
            hidden = new float[steps][size];
            bias = new float[3][size];
            zeros = new float[size];
            gates = new float[3][size];
            recurrent = new float[3][size];
            dh = new float[size];
            carried = new float[size];
        }

        @Override
        void recurrentBias(double[] values) {
            for (int g = 0; g < 3; g++) {
                expand(values, g, bias[g]);
            }
        }

        @Override
        void forward(int t, long inputGates, long recurrentGates, long hiddenPlane, double[] mask) {
            int size = examples * units;
            for (int g = 0; g < 3; g++) {
                Memory.read(inputGates, (long) g * size, gates[g], 0, size);
                if (recurrentGates == 0) {
                    System.arraycopy(bias[g], 0, recurrent[g], 0, size);
                } else {
                    Memory.read(recurrentGates, (long) g * size, recurrent[g], 0, size);
                    add(recurrent[g], bias[g], size);
                }
            }
            float[] r = reset[t];
            float[] z = update[t];
            float[] n = candidate[t];
            float[] hn = recurrentN[t];
            float[] h = hidden[t];
            float[] previous = t == 0 ? zeros : hidden[t - 1];
            float[] xr = gates[0];
            float[] xz = gates[1];
            float[] xn = gates[2];
            float[] hr = recurrent[0];
            float[] hz = recurrent[1];
            System.arraycopy(recurrent[2], 0, hn, 0, size);
            for (int k = 0; k < size; k++) {
                r[k] = Pointwise.sigmoid(xr[k] + hr[k]);
            }
            for (int k = 0; k < size; k++) {
                z[k] = Pointwise.sigmoid(xz[k] + hz[k]);
            }
            for (int k = 0; k < size; k++) {
                n[k] = Pointwise.tanh(xn[k] + r[k] * hn[k]);
            }
            for (int k = 0; k < size; k++) {
                h[k] = n[k] + z[k] * (previous[k] - n[k]);
            }
            if (mask != null) {
                for (int i = 0; i < examples; i++) {
                    if (mask[i] != 1) {
                        float m = (float) mask[i];
                        for (int k = i; k < size; k += examples) {
                            h[k] *= m;
                        }
                    }
                }
            }
            Memory.write(h, 0, hiddenPlane, 0, size);
        }

        private static void add(float[] to, float[] values, int size) {
            for (int k = 0; k < size; k++) {
                to[k] += values[k];
            }
        }

        @Override
        void backward(int t, long carriedIn, SequencePlanes.StepEpsilon epsilon, long inputGateGradients,
                      long recurrentGateGradients, long carriedOut, double[] mask) {
            int size = examples * units;
            if (t == steps - 1) {
                Arrays.fill(recurrentBiasGradient, 0);
            }
            if (carriedIn == 0) {
                Arrays.fill(dh, 0f);
            } else {
                Memory.read(carriedIn, 0, dh, 0, size);
            }
            epsilon.addTo(t, dh);
            if (mask != null) {
                for (int i = 0; i < examples; i++) {
                    if (mask[i] != 1) {
                        float m = (float) mask[i];
                        for (int k = i; k < size; k += examples) {
                            dh[k] *= m;
                        }
                    }
                }
            }
            float[] r = reset[t];
            float[] z = update[t];
            float[] n = candidate[t];
            float[] hn = recurrentN[t];
            float[] previous = t == 0 ? zeros : hidden[t - 1];
            float[] dr = gates[0];
            float[] dz = gates[1];
            float[] da = gates[2];
            float[] dn = recurrent[2];
            for (int k = 0; k < size; k++) {
                da[k] = dh[k] * (1 - z[k]) * (1 - n[k] * n[k]);
            }
            for (int k = 0; k < size; k++) {
                dz[k] = dh[k] * (previous[k] - n[k]) * (z[k] * (1 - z[k]));
            }
            for (int k = 0; k < size; k++) {
                dr[k] = da[k] * hn[k] * (r[k] * (1 - r[k]));
            }
            for (int k = 0; k < size; k++) {
                dn[k] = da[k] * r[k];
            }
            for (int g = 0; g < 3; g++) {
                Memory.write(gates[g], 0, inputGateGradients, (long) g * size, size);
            }
            Memory.write(dr, 0, recurrentGateGradients, 0, size);
            Memory.write(dz, 0, recurrentGateGradients, size, size);
            Memory.write(dn, 0, recurrentGateGradients, 2L * size, size);
            sumRows(dr, 0);
            sumRows(dz, 1);
            sumRows(dn, 2);
            if (carriedOut != 0) {
                for (int k = 0; k < size; k++) {
                    carried[k] = dh[k] * z[k];
                }
                Memory.write(carried, 0, carriedOut, 0, size);
            }
        }

        /** Adds each unit's row of a plane, summed over the examples, to the recurrent bias gradient. */
        private void sumRows(float[] plane, int gate) {
            for (int j = 0; j < units; j++) {
                float sum = 0;
                for (int i = j * examples; i < (j + 1) * examples; i++) {
                    sum += plane[i];
                }
                recurrentBiasGradient[gate * units + j] += sum;
            }
        }
    }

    static final class Doubles extends GruCells {
        private final double[][] reset;
        private final double[][] update;
        private final double[][] candidate;
        private final double[][] recurrentN;
        private final double[][] hidden;
        private final double[][] bias;
        private final double[] zeros;
        private final double[] in;
        private final double[] state;
        private final double[] dh;
        private final double[] inputGradients;
        private final double[] stateGradients;
        private final double[] carried;

        Doubles(int examples, int steps, int units) {
            super(examples, steps, units);
            int size = examples * units;
            reset = new double[steps][size];
            update = new double[steps][size];
            candidate = new double[steps][size];
            recurrentN = new double[steps][size];
            hidden = new double[steps][size];
            bias = new double[3][size];
            zeros = new double[size];
            in = new double[3 * size];
            state = new double[3 * size];
            dh = new double[size];
            inputGradients = new double[3 * size];
            stateGradients = new double[3 * size];
            carried = new double[size];
        }

        @Override
        void recurrentBias(double[] values) {
            for (int g = 0; g < 3; g++) {
                expand(values, g, bias[g]);
            }
        }

        @Override
        void forward(int t, long inputGates, long recurrentGates, long hiddenPlane, double[] mask) {
            int size = examples * units;
            Memory.read(inputGates, 0, in, 0, 3 * size);
            if (recurrentGates == 0) {
                Arrays.fill(state, 0);
            } else {
                Memory.read(recurrentGates, 0, state, 0, 3 * size);
            }
            double[] previous = t == 0 ? zeros : hidden[t - 1];
            for (int k = 0; k < size; k++) {
                double r = Pointwise.sigmoid(in[k] + state[k] + bias[0][k]);
                double z = Pointwise.sigmoid(in[size + k] + state[size + k] + bias[1][k]);
                double hn = state[2 * size + k] + bias[2][k];
                double n = Math.tanh(in[2 * size + k] + r * hn);
                double m = mask == null ? 1 : mask[k % examples];
                reset[t][k] = r;
                update[t][k] = z;
                recurrentN[t][k] = hn;
                candidate[t][k] = n;
                hidden[t][k] = m * (n + z * (previous[k] - n));
            }
            Memory.write(hidden[t], 0, hiddenPlane, 0, size);
        }

        @Override
        void backward(int t, long carriedIn, SequencePlanes.StepEpsilon epsilon, long inputGateGradients,
                      long recurrentGateGradients, long carriedOut, double[] mask) {
            int size = examples * units;
            if (t == steps - 1) {
                Arrays.fill(recurrentBiasGradient, 0);
            }
            if (carriedIn == 0) {
                Arrays.fill(dh, 0);
            } else {
                Memory.read(carriedIn, 0, dh, 0, size);
            }
            epsilon.addTo(t, dh);
            double[] previous = t == 0 ? zeros : hidden[t - 1];
            for (int k = 0; k < size; k++) {
                double d = dh[k] * (mask == null ? 1 : mask[k % examples]);
                double r = reset[t][k];
                double z = update[t][k];
                double n = candidate[t][k];
                double da = d * (1 - z) * (1 - n * n);
                double dz = d * (previous[k] - n) * z * (1 - z);
                double dr = da * recurrentN[t][k] * r * (1 - r);
                inputGradients[k] = dr;
                inputGradients[size + k] = dz;
                inputGradients[2 * size + k] = da;
                stateGradients[k] = dr;
                stateGradients[size + k] = dz;
                stateGradients[2 * size + k] = da * r;
                carried[k] = d * z;
            }
            for (int g = 0; g < 3; g++) {
                for (int k = 0; k < size; k++) {
                    recurrentBiasGradient[g * units + k / examples] += stateGradients[g * size + k];
                }
            }
            Memory.write(inputGradients, 0, inputGateGradients, 0, 3 * size);
            Memory.write(stateGradients, 0, recurrentGateGradients, 0, 3 * size);
            if (carriedOut != 0) {
                Memory.write(carried, 0, carriedOut, 0, size);
            }
        }
    }
}
