package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an output layer minimises; it decides the tasks it fits and the activation it defaults to for each. With y the
 * outputs and t the targets (one-hot for classification), per example: cross_entropy −Σ t·log y, binary_cross_entropy
 * −Σ [t·log y + (1 − t)·log(1 − y)], hinge Σ max(0, 1 − t'·y) with t' = ±1, mse the mean of (y − t)², mae the mean of
 * |y − t|, sse ½·Σ (y − t)²; rmse √(mean of (y − t)²) over every example of the batch (or split) at once.
 */
public enum Loss {
    CROSS_ENTROPY("softmax", null), BINARY_CROSS_ENTROPY("sigmoid", null), HINGE("identity", null),
    MSE(null, "identity"), MAE(null, "identity"), SSE("softmax", "identity"), RMSE(null, "identity");

    private final String classificationActivation;
    private final String regressionActivation;

    /** @param classificationActivation the default output activation on classification data; null: does not fit it */
    Loss(String classificationActivation, String regressionActivation) {
        this.classificationActivation = classificationActivation;
        this.regressionActivation = regressionActivation;
    }

    public boolean fits(Task task) {
        return (task == Task.CLASSIFICATION ? classificationActivation : regressionActivation) != null;
    }

    /** The output activation when the layer names none. */
    ActivationConfig defaultActivation(Task task) {
        return ActivationConfig.named(task == Task.CLASSIFICATION ? classificationActivation : regressionActivation);
    }

    /** The default loss of a task: cross_entropy or mse. */
    static Loss defaultFor(Task task) {
        return task == Task.CLASSIFICATION ? CROSS_ENTROPY : MSE;
    }

    static List<Loss> fitting(Task task) {
        return Arrays.stream(values()).filter(l -> l.fits(task)).toList();
    }

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
