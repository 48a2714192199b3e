package dlx.data;

import dlx.InvalidInputException;

/** A data file that cannot be used: the message names the file and the line or byte offset. */
public class DataException extends InvalidInputException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
