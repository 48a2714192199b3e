package dlx.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop: how long, in what batches, when to stop early and which checkpoints to keep.
 *
 * @param epochs        passes over the training split (10)
 * @param batchSize     examples per iteration (128)
 * @param earlyStopping absent: train all epochs
 * @param checkpoint    which checkpoint files to keep
 * @param logEvery      iterations between rows of metrics-steps.csv (50)
 * @param record        absent: no layers.csv
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(Integer epochs, Integer batchSize, EarlyStopping earlyStopping, Checkpoint checkpoint,
                             Integer logEvery, Record record) {

    /**
     * Stop when {@code monitor} has not improved by more than {@code min_delta} for {@code patience} epochs.
     *
     * @param mode min | max; by default min for losses and errors, max for accuracies
     */
    public record EarlyStopping(String monitor, String mode, Integer patience, Double minDelta) {
    }

    /**
     * @param keepLast how many epoch-NNNN.zip files to keep, newest first (3; 0 keeps none)
     * @param best     the metric that decides best.zip (val_accuracy, or val_loss for regression)
     * @param mode     min | max, inferred from the metric when absent
     */
    public record Checkpoint(Integer keepLast, String best, String mode) {
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

    public static final List<String> MODES = List.of("min", "max");

    /** The per-epoch metrics a run records, and so the names a monitor may use. */
    public static List<String> metricsFor(String task, boolean validation) {
        List<String> names = new ArrayList<>(List.of("train_loss"));
        if (task.equals("classification")) {
            names.add("train_accuracy");
        }
        if (validation) {
            names.add("val_loss");
            names.addAll(task.equals("classification") ? List.of("val_accuracy") : List.of("val_mae", "val_rmse"));
        }
        return names;
    }

    /** Accuracies improve upwards; losses and errors downwards. */
    public static String naturalMode(String metric) {
        return metric.endsWith("accuracy") ? "max" : "min";
    }

    TrainingConfig resolve(String at, String task, boolean validation) {
        List<String> metrics = metricsFor(task, validation);
        EarlyStopping stop = null;
        if (earlyStopping != null) {
            String p = at + ".early_stopping";
            String monitor = metric(p + ".monitor", earlyStopping.monitor() == null
                    ? (validation ? "val_loss" : "train_loss") : earlyStopping.monitor(), metrics);
            stop = new EarlyStopping(monitor, mode(p + ".mode", earlyStopping.mode(), monitor),
                    Require.positive(p + ".patience", earlyStopping.patience() == null ? 3 : earlyStopping.patience()),
                    Require.nonNegative(p + ".min_delta", earlyStopping.minDelta() == null ? 0.0 : earlyStopping.minDelta()));
        }
        Checkpoint given = checkpoint == null ? new Checkpoint(null, null, null) : checkpoint;
        String p = at + ".checkpoint";
        String best = metric(p + ".best", given.best() != null ? given.best()
                : !validation ? "train_loss" : task.equals("classification") ? "val_accuracy" : "val_loss", metrics);
        Checkpoint resolvedCheckpoint = new Checkpoint(
                Require.nonNegative(p + ".keep_last", given.keepLast() == null ? 3 : given.keepLast()), best,
                mode(p + ".mode", given.mode(), best));
        int every = Require.positive(at + ".log_every", logEvery == null ? 50 : logEvery);
        return new TrainingConfig(Require.positive(at + ".epochs", epochs == null ? 10 : epochs),
                Require.positive(at + ".batch_size", batchSize == null ? 128 : batchSize), stop, resolvedCheckpoint,
                every, record == null ? null
                : new Record(Require.positive(at + ".record.every", record.every() == null ? every : record.every())));
    }

    /** A metric the run records ({@link #metricsFor}); the error says when it is a val_ one without validation. */
    static String metric(String path, String name, List<String> metrics) {
        if (name.startsWith("val_") && !metrics.contains("val_loss")) {
            throw new ConfigException(path, name + " needs a validation set, but data.validation_split is 0");
        }
        return Require.oneOf(path, name, metrics);
    }

    private static String mode(String path, String given, String metric) {
        return Require.oneOf(path, given == null ? naturalMode(metric) : given, MODES);
    }
}
