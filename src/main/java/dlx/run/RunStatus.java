package dlx.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a run stands, as run.json and summary.json record it and dlx runs shows it. */
public enum RunStatus {
    RUNNING, COMPLETED, STOPPED_EARLY, DIVERGED, INTERRUPTED, FAILED,
    /** Read back only: run.json says running, but its process is gone. */
    CRASHED,
    /** Read back only: run.json is missing or damaged. */
    UNREADABLE;

    /** Whether the run is over for good: a sweep does not start it again (it may resume an interrupted one). */
    public boolean finished() {
        return this == COMPLETED || this == STOPPED_EARLY || this == DIVERGED || this == FAILED;
    }

    /** Whether it trained to an end of its own choosing: every epoch, or until early stopping said enough. */
    public boolean endedWell() {
        return this == COMPLETED || this == STOPPED_EARLY;
    }

    public static Optional<RunStatus> named(String name) {
        return Arrays.stream(values()).filter(s -> s.toString().equals(name)).findFirst();
    }

    /** The name in run.json and on the command line, e.g. {@code stopped-early}. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
