package dlx.device;

import dlx.InvalidInputException;
import java.util.Locale;

/** What the user asks for with --backend or DLX_BACKEND: a backend, or auto (CUDA when built and a GPU answers). */
public enum BackendChoice {
    CPU, CUDA, AUTO;

    /** The environment variable scripts set instead of --backend. */
    public static final String ENV = "DLX_BACKEND";

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** cpu, cuda or auto, in any case; null for anything else. */
    public static BackendChoice parse(String value) {
        for (BackendChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(value.trim())) {
                return choice;
            }
        }
        return null;
    }

    /** DLX_BACKEND's value, or cpu when it is unset or empty. */
    public static BackendChoice fromEnvironment(String value) {
        if (value == null || value.isBlank()) {
            return CPU;
        }
        BackendChoice choice = parse(value);
        if (choice == null) {
            throw new InvalidInputException(ENV + "=" + value + ": must be cpu, cuda or auto");
        }
        return choice;
    }
}
