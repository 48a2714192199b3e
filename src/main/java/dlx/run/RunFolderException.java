package dlx.run;

import dlx.InvalidInputException;

/** A run folder or checkpoint that cannot be created or read: the message names the path. */
public class RunFolderException extends InvalidInputException {
    public RunFolderException(String message) {
        super(message);
    }

    public RunFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
