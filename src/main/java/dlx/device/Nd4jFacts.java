package dlx.device;

import java.util.Properties;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What ND4J says once loaded (a second or more, hence {@code dlx doctor --nd4j} only): its backend, BLAS, threads,
 * and on the CPU whether libnd4j was built with oneDNN and uses it.
 *
 * @param oneDnn null on CUDA
 */
public record Nd4jFacts(String backend, double loadSeconds, String blas, int threads, Boolean oneDnn) {
    public static Nd4jFacts load() {
        long start = System.nanoTime();
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        double seconds = (System.nanoTime() - start) / 1e9;
        Boolean oneDnn = Backend.ofThisBuild() == Backend.CPU
                ? org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN() : null;
        return new Nd4jFacts(backend, seconds, String.valueOf(info.get(Nd4jEnvironment.BLAS_VENDOR_KEY)),
                Nd4j.getEnvironment().maxThreads(), oneDnn);
    }
}
