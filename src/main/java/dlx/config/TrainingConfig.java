package dlx.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The loop: how long, in what batches, when to stop early, which checkpoints to keep, and what to record.
 * docs/config.md lists each key with its default.
 *
 * @param epochs        passes over the training split
 * @param batchSize     examples per iteration
 * @param earlyStopping absent: train all epochs
 * @param checkpoint    which checkpoint files to keep
 * @param logEvery      iterations between rows of metrics-steps.csv
 * @param record        absent: no layers.csv
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(Integer epochs, Integer batchSize, EarlyStopping earlyStopping, Checkpoint checkpoint,
                             Integer logEvery, Record record) {
    private static final int DEFAULT_EPOCHS = 10;
    private static final int DEFAULT_BATCH_SIZE = 128;
    private static final int DEFAULT_LOG_EVERY = 50;

    /**
     * Stop when {@code monitor} has not improved by more than {@code min_delta} for {@code patience} epochs.
     * The monitor is by default the metric that picks best.zip, so the run stops when the kept weights stop
     * getting better; the mode is by default the metric's own direction.
     */
    public record EarlyStopping(Metric monitor, Mode mode, Integer patience, Double minDelta) {
        private static final int DEFAULT_PATIENCE = 3;

        EarlyStopping resolve(String at, Metric best, List<Metric> metrics) {
            Metric m = recorded(at + ".monitor", monitor == null ? best : monitor, metrics);
            return new EarlyStopping(m, mode == null ? m.direction() : mode,
                    Require.positive(at + ".patience", patience == null ? DEFAULT_PATIENCE : patience),
                    Require.nonNegative(at + ".min_delta", minDelta == null ? 0.0 : minDelta));
        }
    }

    /**
     * @param keepLast how many epoch-NNNN.zip files to keep, newest first (0 keeps none)
     * @param best     the metric that decides best.zip: by default early stopping's monitor when that is given,
     *                 else val_accuracy (val_loss for regression, train_loss without a validation split)
     * @param mode     by default the metric's own direction
     */
    public record Checkpoint(Integer keepLast, Metric best, Mode mode) {
        private static final int DEFAULT_KEEP_LAST = 3;

        Checkpoint resolve(String at, Metric fallback, List<Metric> metrics) {
            Metric m = recorded(at + ".best", best == null ? fallback : best, metrics);
            return new Checkpoint(Require.nonNegative(at + ".keep_last", keepLast == null ? DEFAULT_KEEP_LAST : keepLast),
                    m, mode == null ? m.direction() : mode);
        }
    }

    /**
     * Per-layer statistics (activations, gradient norms, update ratios) in layers.csv: written
     * {@code record: {every: 50}}, or {@code record: 50}.
     *
     * @param every iterations between recordings (default: log_every)
     */
    public record Record(Integer every) {
        @JsonCreator
        public static Record every(int every) {
            return new Record(every);
        }
    }

    /** @param metrics the per-epoch metrics the run records ({@link Metric#perEpoch(Task, boolean)}) */
    TrainingConfig resolve(String at, Task task, List<Metric> metrics) {
        Metric taskDefault = !metrics.contains(Metric.VAL_LOSS) ? Metric.TRAIN_LOSS
                : task == Task.CLASSIFICATION ? Metric.VAL_ACCURACY : Metric.VAL_LOSS;
        // whichever of the two is given, the other follows it; checked where the user wrote it
        Metric monitor = earlyStopping == null || earlyStopping.monitor() == null ? null
                : recorded(at + ".early_stopping.monitor", earlyStopping.monitor(), metrics);
        Checkpoint resolvedCheckpoint = (checkpoint == null ? new Checkpoint(null, null, null) : checkpoint)
                .resolve(at + ".checkpoint", monitor != null ? monitor : taskDefault, metrics);
        int every = Require.positive(at + ".log_every", logEvery == null ? DEFAULT_LOG_EVERY : logEvery);
        return new TrainingConfig(Require.positive(at + ".epochs", epochs == null ? DEFAULT_EPOCHS : epochs),
                Require.positive(at + ".batch_size", batchSize == null ? DEFAULT_BATCH_SIZE : batchSize),
                earlyStopping == null ? null
                        : earlyStopping.resolve(at + ".early_stopping", resolvedCheckpoint.best(), metrics),
                resolvedCheckpoint, every, record == null ? null
                : new Record(Require.positive(at + ".record.every", record.every() == null ? every : record.every())));
    }

    /** The loss a watcher without a metric of its own follows: val_loss, or train_loss without validation. */
    static Metric lossToWatch(List<Metric> metrics) {
        return metrics.contains(Metric.VAL_LOSS) ? Metric.VAL_LOSS : Metric.TRAIN_LOSS;
    }

    /** A metric the run records; the error says when it is a val_ one without validation. */
    static Metric recorded(String path, Metric metric, List<Metric> metrics) {
        if (metric.toString().startsWith("val_") && !metrics.contains(Metric.VAL_LOSS)) {
            throw new ConfigException(path, metric + " needs a validation set, but data.validation_split is 0");
        }
        if (!metrics.contains(metric)) {
            List<String> names = metrics.stream().map(Metric::toString).toList();
            throw new ConfigException(path, "'" + metric + "' is not one of " + String.join(", ", names)
                    + DidYouMean.hint(metric.toString(), names));
        }
        return metric;
    }
}
