package dlx.train;

/**
 * How a training ended.
 *
 * @param status  completed | stopped-early | diverged | interrupted (run.json's vocabulary)
 * @param message one line for the user, or null
 */
public record Outcome(String status, String message) {
    public static final String COMPLETED = "completed";
    public static final String STOPPED_EARLY = "stopped-early";
    public static final String DIVERGED = "diverged";
    public static final String INTERRUPTED = "interrupted";
}
