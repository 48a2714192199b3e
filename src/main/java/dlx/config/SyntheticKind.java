package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The generated data sets: xor, spirals, moons (2 classes, 2 features) and sine (regression, 1 feature), which take
 * {@code noise}; the sequence tasks labelled at every step, parity (running parity of random bits) and running_sum
 * (the sign of a running sum), and the one-to-many scale (one pitch in, the major scale up from its note out), which
 * take {@code steps}; and addition ("123+45" in, "168" out, as characters), which takes {@code digits}.
 */
public enum SyntheticKind {
    XOR, SPIRALS, MOONS, SINE, PARITY, RUNNING_SUM, SCALE, ADDITION;

    public Task task() {
        return this == SINE ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    /** The key that sizes this kind besides {@code samples}: noise, steps or digits. */
    public String ownKey() {
        return switch (this) {
            case XOR, SPIRALS, MOONS, SINE -> "noise";
            case PARITY, RUNNING_SUM, SCALE -> "steps";
            case ADDITION -> "digits";
        };
    }

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
