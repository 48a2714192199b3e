package dlx.cli;

/** The exit codes scripts can rely on. */
public final class ExitCodes {
    public static final int DONE = 0;
    /** The run failed: diverged, or an error at run time that is not the user's input. */
    public static final int FAILED = 1;
    /** Bad usage, an invalid config, unusable data or checkpoint. */
    public static final int INVALID_INPUT = 2;
    /** Interrupted by Ctrl-C or SIGTERM, after saving a checkpoint (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
