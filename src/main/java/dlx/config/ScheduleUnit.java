package dlx.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a schedule's t counts: epochs, or iterations (batches). */
public enum ScheduleUnit {
    EPOCH, ITERATION;

    /** The name a config file uses. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
