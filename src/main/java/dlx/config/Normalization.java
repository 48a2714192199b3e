package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How features are rescaled, with statistics of the training split: {@code scale} to [0, 1] (images ÷ 255,
 * tables min-max), {@code standardize} to zero mean and unit variance, or {@code none}.
 */
public enum Normalization {
    SCALE, STANDARDIZE, NONE;

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
