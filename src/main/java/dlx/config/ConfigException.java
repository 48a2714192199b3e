package dlx.config;

import dlx.InvalidInputException;

/** An invalid experiment file or override; {@link #path()} is the key's path, e.g. {@code model.layers[2].units}. */
public class ConfigException extends InvalidInputException {
    private final String path;

    public ConfigException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
