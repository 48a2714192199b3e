package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every number dlx ranks epochs or runs by, with the direction in which it improves. The per-epoch ones are
 * the columns of metrics.csv, which early stopping, the best checkpoint and the plateau schedule watch; the
 * test ones are the scores of best.zip on the test split in summary.json, which runs and sweeps can be sorted by.
 */
public enum Metric {
    TRAIN_LOSS(Mode.MIN), TRAIN_ACCURACY(Mode.MAX), VAL_LOSS(Mode.MIN), VAL_ACCURACY(Mode.MAX), VAL_MAE(Mode.MIN),
    VAL_RMSE(Mode.MIN),
    TEST_LOSS(Mode.MIN), TEST_ACCURACY(Mode.MAX), TEST_MACRO_F1(Mode.MAX), TEST_SEQUENCE_ACCURACY(Mode.MAX),
    TEST_MSE(Mode.MIN), TEST_MAE(Mode.MIN), TEST_RMSE(Mode.MIN), TEST_R2(Mode.MAX);

    private static final String TEST = "test_";
    private final Mode improves;

    Metric(Mode improves) {
        this.improves = improves;
    }

    /** min for losses and errors, max for accuracies, F1 and R². */
    public Mode direction() {
        return improves;
    }

    /** Whether it is a test score (summary.json) rather than a column of metrics.csv. */
    public boolean isTestScore() {
        return toString().startsWith(TEST);
    }

    /** A test score's key in summary.json's {@code test} (accuracy, rmse …). */
    public String testKey() {
        return toString().substring(TEST.length());
    }

    /** The metrics a run records each epoch, in metrics.csv's order: the names a monitor may use. */
    public static List<Metric> perEpoch(Task task, boolean validation) {
        List<Metric> metrics = new ArrayList<>(List.of(TRAIN_LOSS));
        if (task == Task.CLASSIFICATION) {
            metrics.add(TRAIN_ACCURACY);
        }
        if (validation) {
            metrics.add(VAL_LOSS);
            metrics.addAll(task == Task.CLASSIFICATION ? List.of(VAL_ACCURACY) : List.of(VAL_MAE, VAL_RMSE));
        }
        return metrics;
    }

    /** The metrics a config can name: every per-epoch one. */
    static List<Metric> perEpoch() {
        return Arrays.stream(values()).filter(m -> !m.isTestScore()).toList();
    }

    public static Optional<Metric> named(String name) {
        return Arrays.stream(values()).filter(m -> m.toString().equals(name)).findFirst();
    }

    /** The name in config files, metrics.csv and summary.json. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
