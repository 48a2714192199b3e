package dlx.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.List;

/**
 * Where each key of an experiment came from: a line and column of its file, or a {@code --set}. Errors found
 * while resolving it, and those found later against the data (the output's units against its classes, a data
 * file that is missing), name the key's origin the same way.
 */
public final class KeyOrigins {
    private final String source;
    private final SourceLocations locations;
    private final List<JsonPointer> overridden;

    KeyOrigins(String source, SourceLocations locations, List<JsonPointer> overridden) {
        this.source = source;
        this.locations = locations;
        this.overridden = List.copyOf(overridden);
    }

    /** The error, its message prefixed with {@code file:line:column: } or {@code --set }; as it was if it says already. */
    public ConfigException locate(ConfigException error) {
        if (error.located()) {
            return error;
        }
        JsonPointer pointer = SourceLocations.pointerOf(error.path());
        if (fromOverride(pointer)) {
            return error.at("--set ");
        }
        String where = locations.find(pointer);
        return error.at(source + (where == null ? "" : ":" + where) + ": ");
    }

    /** Runs a check of the experiment whose errors are then located like its own. */
    public void check(Runnable check) {
        try {
            check.run();
        } catch (ConfigException e) {
            throw locate(e);
        }
    }

    /**
     * A key a {@code --set} wrote: inside the value it set, or a key it created on its way there (the file does
     * not have it), as a misspelt {@code --set optimzer.lr=0.1} does.
     */
    private boolean fromOverride(JsonPointer pointer) {
        String at = pointer.toString();
        return overridden.stream().map(JsonPointer::toString)
                .anyMatch(set -> within(at, set) || (within(set, at) && !locations.has(pointer)));
    }

    /** Whether the key at {@code inner} is the one at {@code outer} or inside it. */
    private static boolean within(String inner, String outer) {
        return inner.equals(outer) || inner.startsWith(outer + "/");
    }
}
