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
     * Loads ND4J on the CUDA build and lists its devices, or says in one line why it cannot: ND4J prints the
     * stack trace of a failed CUDA start to stderr itself, which is held back here.
     */
    static List<Gpu> load() {
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Nd4j.getBackend();
            return fromEnvironment(Nd4j.getExecutioner().getEnvironmentInformation());
        } catch (Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
            throw new InvalidInputException("--backend cuda: ND4J's CUDA backend did not start (" + why + "); check that"
                    + " nvidia-smi lists a GPU, or use --backend cpu (dlx doctor tells what it finds)", e);
        } finally {
            System.setErr(err);
        }
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
