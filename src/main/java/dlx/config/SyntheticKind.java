package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The generated data sets: xor, spirals, moons (2 classes, 2 features), sine (regression, 1 feature), and the
 * sequence tasks labelled at every step, parity (running parity of random bits) and running_sum (the sign of a
 * running sum).
 */
public enum SyntheticKind {
    XOR, SPIRALS, MOONS, SINE, PARITY, RUNNING_SUM;

    public Task task() {
        return this == SINE ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    /** Whether each example is a sequence with a label per step. */
    public boolean isSequence() {
        return this == PARITY || this == RUNNING_SUM;
    }

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
