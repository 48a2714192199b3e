package dlx.config;

import dlx.InvalidInputException;

/**
 * An invalid experiment file or override; {@link #path()} is the key's path, e.g. {@code model.layers[2].units},
 * and the message starts with where it was found ({@code exp.yaml:12:3: } or {@code --set }) once that is known.
 */
public class ConfigException extends InvalidInputException {
    private final String where;
    private final String path;
    private final String problem;

    public ConfigException(String path, String problem) {
        this("", path, problem);
    }

    private ConfigException(String where, String path, String problem) {
        super(where + (path.isEmpty() ? problem : path + ": " + problem));
        this.where = where;
        this.path = path;
        this.problem = problem;
    }

    public String path() {
        return path;
    }

    /** Whether the message already says where the key is (or the error concerns no key). */
    boolean located() {
        return !where.isEmpty() || path.isEmpty();
    }

    /** The same error, prefixed with where it was found. */
    ConfigException at(String where) {
        ConfigException located = new ConfigException(where, path, problem);
        located.initCause(this);
        return located;
    }
}
