package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the network predicts: one of a set of classes, or a number. */
public enum Task {
    CLASSIFICATION, REGRESSION;

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
