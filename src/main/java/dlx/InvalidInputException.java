package dlx;

/**
 * A mistake in what the user gave dlx (a config, a data file, a checkpoint, a flag). The CLI prints
 * its message as one line and exits 2; the message names the field or file and what is allowed.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
