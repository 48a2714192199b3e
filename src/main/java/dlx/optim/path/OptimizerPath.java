package dlx.optim.path;

import dlx.config.OptimizerConfig;
import dlx.config.ScheduleConfig;
import dlx.optim.Optimizers;
import dlx.optim.updater.Ftrl;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The points an optimizer visits on a {@link Surface}: (x, y) is a two-weight layer, stepped by the
 * very DL4J updater a network of that optimizer trains with, fed the analytic gradient.
 *
 * @param x        x of the start and of each step's point
 * @param y        likewise
 * @param diverged whether the path left the finite numbers; it then ends at its last finite point
 */
public record OptimizerPath(double[] x, double[] y, boolean diverged) {

    /** {@code steps} steps from (x0, y0) at the optimizer's constant learning rate, iterations counted from 0. */
    public static OptimizerPath trace(Surface surface, OptimizerConfig optimizer, double x0, double y0, int steps) {
        IUpdater updater = Optimizers.updater(optimizer, ScheduleConfig.constant(), 1,
                Optimizers.ITERATIONS_PER_EPOCH_UNKNOWN);
        long stateSize = updater.stateSize(2);
        GradientUpdater<?> rule = updater.instantiate(stateSize == 0 ? null : Nd4j.zeros(DataType.DOUBLE, 1, stateSize),
                true);
        INDArray params = Nd4j.createFromArray(x0, y0).reshape(1, 2);
        if (Ftrl.needsWeights(rule)) {
            Ftrl.bind(rule, params);
        }
        double[] x = new double[steps + 1];
        double[] y = new double[steps + 1];
        x[0] = x0;
        y[0] = y0;
        for (int step = 1; step <= steps; step++) {
            INDArray update = Nd4j.createFromArray(surface.gradient(x[step - 1], y[step - 1])).reshape(1, 2);
            rule.applyUpdater(update, step - 1, 0); // turns the gradient into the step, in place
            params.subi(update);
            x[step] = params.getDouble(0);
            y[step] = params.getDouble(1);
            if (!Double.isFinite(x[step]) || !Double.isFinite(y[step])) {
                return new OptimizerPath(Arrays.copyOf(x, step), Arrays.copyOf(y, step), true);
            }
        }
        return new OptimizerPath(x, y, false);
    }

    /** f at each point. */
    public double[] values(Surface surface) {
        double[] f = new double[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = surface.value(x[i], y[i]);
        }
        return f;
    }
}
