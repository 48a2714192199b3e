package dlx.config;

import java.util.Collection;

/** Range and choice checks that fail with a {@link ConfigException} naming the key's path. */
final class Require {
    private Require() {
    }

    static double positive(String path, Double value) {
        if (value == null || !(value > 0) || value.isInfinite()) {
            throw new ConfigException(path, "must be > 0, got " + value);
        }
        return value;
    }

    static double nonNegative(String path, Double value) {
        if (value == null || !(value >= 0) || value.isInfinite()) {
            throw new ConfigException(path, "must be >= 0, got " + value);
        }
        return value;
    }

    static int positive(String path, Integer value) {
        if (value == null || value <= 0) {
            throw new ConfigException(path, "must be a whole number > 0, got " + value);
        }
        return value;
    }

    static int nonNegative(String path, Integer value) {
        if (value == null || value < 0) {
            throw new ConfigException(path, "must be a whole number >= 0, got " + value);
        }
        return value;
    }

    /** A value in [low, high) — fractions such as a validation split or a dropout rate. */
    static double fraction(String path, Double value, boolean zeroAllowed) {
        if (value == null || !(value >= 0 && value < 1) || (!zeroAllowed && value == 0)) {
            throw new ConfigException(path, "must be " + (zeroAllowed ? ">= 0" : "> 0") + " and < 1, got " + value);
        }
        return value;
    }

    /** A factor in (0, 1]: a decay that may also be 1 (no decay). */
    static double decayFactor(String path, Double value) {
        if (value == null || !(value > 0 && value <= 1)) {
            throw new ConfigException(path, "must be > 0 and <= 1, got " + value);
        }
        return value;
    }

    static double between(String path, Double value, double low, double high) {
        if (value == null || !(value > low && value < high)) {
            throw new ConfigException(path, "must be > " + low + " and < " + high + ", got " + value);
        }
        return value;
    }

    static String oneOf(String path, String value, Collection<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new ConfigException(path, "'" + value + "' is not one of " + String.join(", ", allowed)
                    + (value == null ? "" : DidYouMean.hint(value, allowed)));
        }
        return value;
    }
}
