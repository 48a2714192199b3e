package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How the learning rate changes over training, counted in epochs or iterations.
 *
 * @param type     constant | step (lr · gamma^floor(t / step_size)) | exponential (lr · gamma^t)
 * @param unit     epoch | iteration: what t counts
 * @param stepSize step: how many units between decays
 * @param gamma    step (0.1), exponential (0.95): the decay factor
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleConfig(String type, String unit, Integer stepSize, Double gamma) {
    public static final List<String> TYPES = List.of("constant", "step", "exponential");
    public static final List<String> UNITS = List.of("epoch", "iteration");

    public static ScheduleConfig constant() {
        return new ScheduleConfig("constant", "epoch", null, null);
    }

    ScheduleConfig resolve(String at) {
        String name = Require.oneOf(at + ".type", type == null ? "constant" : type, TYPES);
        String u = Require.oneOf(at + ".unit", unit == null ? "epoch" : unit, UNITS);
        Require.onlyUsedKeys(at, name, name.equals("step") ? List.of("step_size") : List.of(), "step_size", stepSize);
        Require.onlyUsedKeys(at, name, name.equals("constant") ? List.of() : List.of("gamma"), "gamma", gamma);
        return switch (name) {
            case "step" -> new ScheduleConfig(name, u, Require.positive(at + ".step_size", stepSize == null ? 1 : stepSize),
                    Require.between(at + ".gamma", gamma == null ? 0.1 : gamma, 0, 1.0000001));
            case "exponential" -> new ScheduleConfig(name, u, null,
                    Require.between(at + ".gamma", gamma == null ? 0.95 : gamma, 0, 1.0000001));
            default -> new ScheduleConfig(name, u, null, null);
        };
    }
}
