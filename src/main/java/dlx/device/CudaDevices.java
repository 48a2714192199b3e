package dlx.device;

import dlx.InvalidInputException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/** The GPUs ND4J's CUDA backend sees (CUDA_VISIBLE_DEVICES applied), read once it has loaded. */
final class CudaDevices {
    private CudaDevices() {
    }

    /**
     * Loads ND4J on the CUDA build and lists its devices, or says in one line why it cannot. ND4J hides the reason
     * (it logs it and throws "no backend"), so its CUDA check runs first, by name as the CPU build lacks the class;
     * the stack trace ND4J prints to stderr on a failed start is held back.
     *
     * @param asked how the user asked for CUDA, to start the message: "--backend cuda", "backend auto chose cuda"
     */
    static List<Gpu> load(String asked) {
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Object backend = Class.forName("org.nd4j.linalg.jcublas.JCublasBackend").getDeclaredConstructor().newInstance();
            backend.getClass().getMethod("canRun").invoke(backend);
            Nd4j.getBackend();
            return fromEnvironment(Nd4j.getExecutioner().getEnvironmentInformation());
        } catch (Throwable e) {
            throw new InvalidInputException(asked + ", but ND4J's CUDA backend did not start (" + reason(e) + "); check"
                    + " that nvidia-smi lists a GPU, or use --backend cpu (dlx doctor tells what it finds)", e);
        } finally {
            System.setErr(err);
        }
    }

    /** The innermost message, in words where it is the usual one: the driver's library is not there. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getMessage().lines().findFirst().orElse("");
        return message.contains("libcuda.so") ? "the NVIDIA driver's libcuda.so.1 is not installed" : message;
    }

    @SuppressWarnings("unchecked")
    static List<Gpu> fromEnvironment(java.util.Properties info) {
        Object devices = info.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
        List<Gpu> gpus = new ArrayList<>();
        if (devices instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Map<String, Object> d = (Map<String, Object>) list.get(i);
                Object memory = d.get(Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY);
                gpus.add(new Gpu(i, String.valueOf(d.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY)),
                        memory instanceof Number n ? n.longValue() >> 20 : -1,
                        d.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY) + "."
                                + d.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY)));
            }
        }
        return gpus;
    }
}
