package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which way a metric improves: {@code min} for losses and errors, {@code max} for accuracies and scores. */
public enum Mode {
    MIN, MAX;

    /** How far {@code to} is better than {@code from}: negative when it is worse. */
    public double gain(double from, double to) {
        return this == MIN ? from - to : to - from;
    }

    /** Whether {@code candidate} beats {@code best} (null: nothing yet); NaN never does. */
    public boolean better(double candidate, Double best) {
        return !Double.isNaN(candidate) && (best == null || gain(best, candidate) > 0);
    }

    public static java.util.Optional<Mode> named(String name) {
        return java.util.Arrays.stream(values()).filter(m -> m.toString().equals(name)).findFirst();
    }

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
