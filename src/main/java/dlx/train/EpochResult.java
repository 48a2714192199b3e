package dlx.train;

import java.util.Map;

/**
 * One finished epoch: one row of metrics.csv.
 *
 * @param epoch         1-based
 * @param iteration     parameter updates done so far
 * @param lr            the learning rate in force at the epoch's first iteration
 * @param metrics       train_loss, train_accuracy, val_loss, val_accuracy (or val_mae, val_rmse), in that order
 * @param seconds       wall time of the epoch, evaluation included
 * @param samplesPerSecond training examples per second of the training pass alone
 */
public record EpochResult(int epoch, int iteration, double lr, Map<String, Double> metrics, double seconds,
                          double samplesPerSecond) {
    public double metric(String name) {
        Double value = metrics.get(name);
        return value == null ? Double.NaN : value;
    }
}
