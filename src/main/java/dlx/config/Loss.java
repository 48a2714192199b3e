package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an output layer minimises; it decides the task it fits and the activation it defaults to. */
public enum Loss {
    CROSS_ENTROPY(Task.CLASSIFICATION, "softmax"), BINARY_CROSS_ENTROPY(Task.CLASSIFICATION, "sigmoid"),
    HINGE(Task.CLASSIFICATION, "identity"), MSE(Task.REGRESSION, "identity"), MAE(Task.REGRESSION, "identity"),
    SSE(Task.REGRESSION, "identity");

    private final Task task;
    private final String activation;

    Loss(Task task, String activation) {
        this.task = task;
        this.activation = activation;
    }

    public Task task() {
        return task;
    }

    /** The output activation when the layer names none. */
    ActivationConfig defaultActivation() {
        return ActivationConfig.named(activation);
    }

    /** The default loss of a task: cross_entropy or mse. */
    static Loss defaultFor(Task task) {
        return task == Task.CLASSIFICATION ? CROSS_ENTROPY : MSE;
    }

    static List<Loss> fitting(Task task) {
        return Arrays.stream(values()).filter(l -> l.task == task).toList();
    }

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
