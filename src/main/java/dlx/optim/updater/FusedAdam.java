package dlx.optim.updater;

import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * DL4J's Adam (same hyperparameters, same rule, same state layout, so checkpoints and the plateau
 * schedule treat it as Adam), with the update computed in one pass of Java over float arrays. ND4J
 * M2.1's native Adam op takes about 1.3 ms per step for the 235k parameters of a 784-256-128-10 MLP,
 * a fifth of the whole step; this pass, which the JIT vectorizes, and its copies in and out take about
 * a fifth of that (BENCHMARKS.md).
 *
 * <p>The rule, as libnd4j's adam_updater computes it, with t = iteration + 1:
 * m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; step = lr·√(1 − β2^t)/(1 − β1^t) · m / (√v + ε).
 */
public class FusedAdam extends Adam {
    public FusedAdam() {
    }

    public FusedAdam(ISchedule learningRateSchedule) {
        super(learningRateSchedule);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        INDArray flat = viewArray.reshape(viewArray.length());
        Pass updater = new Pass(this);
        updater.setStateViewArray(flat, new long[] {flat.length() / 2}, flat.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Pass updater = new Pass(this);
        updater.setState(state, initializeStateArrays);
        return updater;
    }

    @Override
    public FusedAdam clone() {
        FusedAdam copy = new FusedAdam();
        copy.setLrAndSchedule(getLearningRate(), ScheduledUpdater.copyOf(getLearningRateSchedule()));
        copy.setBeta1(getBeta1());
        copy.setBeta2(getBeta2());
        copy.setEpsilon(getEpsilon());
        return copy;
    }

    /**
     * dlx's kernel step: the Adam update and the parameters' step in one pass, for an updater this class
     * made. The moments take gradient / batch; the parameters lose the Adam step, as DL4J's updater and its
     * step function would do (divide by the batch, update, subtract), to the same floats. The gradient array
     * is left as it is. False, with nothing done, for any other updater or arrays that are not contiguous floats.
     */
    public static boolean step(GradientUpdater updater, INDArray gradient, INDArray params, int batch, int iteration, int epoch) {
        return canStep(updater, gradient, params) && ((Pass) updater).step(gradient, params, batch, iteration, epoch);
    }

    /** Whether {@link #step} takes this updater and these arrays. */
    public static boolean canStep(GradientUpdater updater, INDArray gradient, INDArray params) {
        int n = (int) gradient.length();
        return updater instanceof Pass pass && Pass.contiguousFloats(gradient, n) && Pass.contiguousFloats(params, n)
                && Pass.contiguousFloats(pass.getM(), n) && Pass.contiguousFloats(pass.getV(), n);
    }

    /** One layer block's moments, updated in place; arrays that are not contiguous floats go to ND4J's op. */
    private static final class Pass extends AdamUpdater {
        private float[] g = new float[0];
        private float[] m = new float[0];
        private float[] v = new float[0];
        private float[] p = new float[0];

        Pass(Adam config) {
            super(config);
        }

        boolean step(INDArray gradient, INDArray params, int batch, int iteration, int epoch) {
            int n = (int) gradient.length();
            Adam config = getConfig();
            float beta1 = (float) config.getBeta1();
            float beta2 = (float) config.getBeta2();
            float epsilon = (float) config.getEpsilon();
            float alpha = alpha(config, iteration, epoch);
            float divisor = batch;
            if (p.length != n) {
                allocate(n);
                p = new float[n];
            }
            read(gradient, g);
            read(getM(), m);
            read(getV(), v);
            read(params, p);
            for (int i = 0; i < n; i++) {
                float gi = g[i] / divisor;
                float mi = beta1 * m[i] + (1 - beta1) * gi;
                float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] -= alpha * mi / ((float) Math.sqrt(vi) + epsilon);
            }
            write(m, getM());
            write(v, getV());
            write(p, params);
            return true;
        }

        private static float alpha(Adam config, int iteration, int epoch) {
            double t = iteration + 1;
            return (float) (config.getLearningRate(iteration, epoch) * Math.sqrt(1 - Math.pow((float) config.getBeta2(), t))
                    / (1 - Math.pow((float) config.getBeta1(), t)));
        }

        private void allocate(int n) {
            if (g.length != n) {
                g = new float[n];
                m = new float[n];
                v = new float[n];
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            int n = (int) gradient.length();
            if (!contiguousFloats(gradient, n) || !contiguousFloats(getM(), n) || !contiguousFloats(getV(), n)) {
                super.applyUpdater(gradient, iteration, epoch);
                return;
            }
            Adam config = getConfig();
            float beta1 = (float) config.getBeta1();
            float beta2 = (float) config.getBeta2();
            float epsilon = (float) config.getEpsilon();
            float alpha = alpha(config, iteration, epoch);
            allocate(n);
            read(gradient, g);
            read(getM(), m);
            read(getV(), v);
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float mi = beta1 * m[i] + (1 - beta1) * gi;
                float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                g[i] = alpha * mi / ((float) Math.sqrt(vi) + epsilon);
            }
            write(g, gradient);
            write(m, getM());
            write(v, getV());
        }

        private static boolean contiguousFloats(INDArray array, int n) {
            return array.dataType() == DataType.FLOAT && array.length() == n && (n == 1 || array.elementWiseStride() == 1);
        }

        private static void read(INDArray from, float[] to) {
            FloatBuffer buffer = from.data().asNioFloat();
            buffer.position((int) from.offset());
            buffer.get(to);
        }

        private static void write(float[] from, INDArray to) {
            FloatBuffer buffer = to.data().asNioFloat();
            buffer.position((int) to.offset());
            buffer.put(from);
        }
    }
}
