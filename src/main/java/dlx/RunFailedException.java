package dlx;

/** The run could not go on for a reason that is not a mistake in the user's input (exit 1). */
public class RunFailedException extends RuntimeException {
    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
