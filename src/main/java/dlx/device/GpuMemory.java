package dlx.device;

import java.util.List;
import java.util.Locale;

/**
 * Whether an error is the GPU running out of memory. ND4J's CUDA backend reports it as a plain RuntimeException
 * whose text comes from CUDA or cuBLAS: "Failed to allocate N bytes from DEVICE [0] memory" (CudaMemoryManager),
 * "cudaMalloc failed; Error code: [2]" or "out of memory" (libnd4j), "CUBLAS_STATUS_ALLOC_FAILED".
 */
public final class GpuMemory {
    private static final List<String> SIGNS = List.of("bytes from device", "out of memory", "cudamalloc",
            "cudaerrormemoryallocation", "alloc_failed", "allocation failed");

    private GpuMemory() {
    }

    public static boolean exhausted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return false; // the JVM's own: the heap or JavaCPP's host memory limit, told apart by the caller
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (SIGNS.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    /** The first line of the innermost message that says so, for the user. */
    public static String detail(Throwable error) {
        String found = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (SIGNS.stream().anyMatch(message.toLowerCase(Locale.ROOT)::contains)) {
                found = message.lines().findFirst().orElse(message);
            }
        }
        return found;
    }
}
