package dlx.train;

import dlx.config.Metric;
import java.util.Map;

/**
 * One finished epoch: one row of metrics.csv.
 *
 * @param epoch         1-based
 * @param iteration     parameter updates done so far
 * @param lr            the learning rate in force at the epoch's first iteration
 * @param metrics       the per-epoch metrics the run records ({@link Metric#perEpoch}), in that order
 * @param seconds       wall time of the epoch, evaluation included
 * @param samplesPerSecond training examples per second of the training pass alone
 */
public record EpochResult(int epoch, int iteration, double lr, Map<Metric, Double> metrics, double seconds,
                          double samplesPerSecond) {
    public double metric(Metric name) {
        Double value = metrics.get(name);
        return value == null ? Double.NaN : value;
    }
}
