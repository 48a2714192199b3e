package dlx.device;

import java.util.Locale;

/**
 * The ND4J backend a process computes on. ND4J takes it from the class path, so it is fixed per build:
 * target/dlx.jar holds the CPU backend, target/dlx-cuda.jar the CUDA one, and the launcher picks the jar.
 */
public enum Backend {
    CPU, CUDA;

    /** The name users and run.json use: cpu, cuda. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The backend of the build this process runs from, found without loading ND4J. */
    public static Backend ofThisBuild() {
        ClassLoader loader = Backend.class.getClassLoader();
        boolean cpu = loader.getResource("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class") != null;
        boolean cuda = loader.getResource("org/nd4j/linalg/jcublas/JCublasBackend.class") != null;
        // a class path with both (mvn -Pcuda test) is the CPU build as far as users are concerned
        return cuda && !cpu ? CUDA : CPU;
    }
}
