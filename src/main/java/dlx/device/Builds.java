package dlx.device;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * dlx's two builds in a checkout: target/dlx.jar (CPU) and target/dlx-cuda.jar with the CUDA natives beside it in
 * target/cuda-lib/. The launcher picks one per process; these are the same paths it uses.
 *
 * @param home the checkout: DLX_HOME as the launcher exports it, else where this code was loaded from
 */
public record Builds(Path home) {
    /** The native jars dlx-cuda.jar names on its Class-Path (pom.xml, profile cuda). */
    static final List<String> CUDA_NATIVES = List.of("nd4j-cuda-11.6-linux-x86_64.jar", "cuda-linux-x86_64-redist.jar");

    public static Builds locate() {
        String home = System.getenv("DLX_HOME");
        if (home != null && !home.isBlank()) {
            return new Builds(Path.of(home));
        }
        try {
            // target/dlx.jar, target/dlx-cuda.jar or target/classes: the checkout is two levels up
            Path code = Path.of(Builds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            return new Builds(target != null && target.getParent() != null ? target.getParent() : Path.of(""));
        } catch (URISyntaxException | RuntimeException e) {
            return new Builds(Path.of("").toAbsolutePath());
        }
    }

    public Path cpuJar() {
        return home.resolve("target/dlx.jar");
    }

    public Path cudaJar() {
        return home.resolve("target/dlx-cuda.jar");
    }

    public boolean cpuBuilt() {
        return Files.isRegularFile(cpuJar());
    }

    /** The jar and both native jars: a CUDA build missing its natives cannot start. */
    public boolean cudaBuilt() {
        return Files.isRegularFile(cudaJar())
                && CUDA_NATIVES.stream().allMatch(n -> Files.isRegularFile(home.resolve("target/cuda-lib").resolve(n)));
    }

    /** A path as the user would type it from the checkout: target/dlx-cuda.jar rather than /home/…/target/dlx-cuda.jar. */
    public String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }
}
