package dlx.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What --backend auto takes, in the words of the launcher's first line (LauncherBackendTest holds the launcher to the
 * same sentences): CUDA only with the CUDA build and a GPU whose generation its kernels cover.
 */
class AutoChoiceTest {
    private static final Gpu A100 = new Gpu(0, "NVIDIA A100-SXM4-40GB", 40960, "8.0");
    private static final Gpu H200 = new Gpu(1, "NVIDIA H200", 143771, "9.0");

    @TempDir
    Path home;

    @Test
    void aGpuAndTheCudaBuildTakeCuda() throws Exception {
        AutoChoice choice = AutoChoice.of(cudaBuilt(), driver(A100), null);
        assertThat(choice).isEqualTo(new AutoChoice(Backend.CUDA, "1 GPU (NVIDIA A100-SXM4-40GB) and the CUDA build"));
    }

    @Test
    void withoutTheCudaBuildAutoStaysOnTheCpuAndSaysHowToBuildIt() {
        AutoChoice choice = AutoChoice.of(new Builds(home), driver(A100), null);
        assertThat(choice).isEqualTo(new AutoChoice(Backend.CPU,
                "no CUDA build yet (./dlx --backend cuda builds target/dlx-cuda.jar)"));
    }

    @Test
    void withoutADriverAutoStaysOnTheCpu() throws Exception {
        AutoChoice choice = AutoChoice.of(cudaBuilt(), new NvidiaSmi.Report(false, null, null, null, List.of()), null);
        assertThat(choice).isEqualTo(new AutoChoice(Backend.CPU, "no NVIDIA driver (nvidia-smi not found)"));
    }

    @Test
    void aGpuNewerThanTheBuildsKernelsIsPassedOver() throws Exception {
        assertThat(AutoChoice.of(cudaBuilt(), driver(H200), null)).isEqualTo(new AutoChoice(Backend.CPU,
                "GPU 1 (NVIDIA H200) has compute capability 9.0; the CUDA build has kernels for 3.7 to 8.9 only"));
        assertThat(AutoChoice.of(cudaBuilt(), driver(A100, H200), null).reason())
                .isEqualTo("1 GPU (NVIDIA A100-SXM4-40GB) and the CUDA build");
    }

    @Test
    void cudaVisibleDevicesChoosesAmongTheGpus() throws Exception {
        assertThat(AutoChoice.of(cudaBuilt(), driver(A100, H200), "1").backend()).isEqualTo(Backend.CPU);
        assertThat(AutoChoice.of(cudaBuilt(), driver(A100, H200), "0").backend()).isEqualTo(Backend.CUDA);
        assertThat(AutoChoice.of(cudaBuilt(), driver(A100), "").reason()).isEqualTo("CUDA_VISIBLE_DEVICES= hides every GPU");
        assertThat(AutoChoice.of(cudaBuilt(), driver(A100), "GPU-8c3f2e1a").backend()).isEqualTo(Backend.CUDA);
    }

    @Test
    void theBuildsKernelsCoverComputeCapability37To89() {
        assertThat(List.of("3.5", "3.7", "5.0", "6.1", "7.5", "8.6", "8.9", "9.0", "10.0", "12.0").stream()
                .map(c -> new Gpu(0, "gpu", 1, c).supported()).toList())
                .containsExactly(false, true, true, true, true, true, true, false, false, false);
        assertThat(new Gpu(0, "gpu", 1, null).supported()).isNull();
    }

    private Builds cudaBuilt() throws Exception {
        Files.createDirectories(home.resolve("target/cuda-lib"));
        Files.writeString(home.resolve("target/dlx-cuda.jar"), "");
        for (String natives : Builds.CUDA_NATIVES) {
            Files.writeString(home.resolve("target/cuda-lib").resolve(natives), "");
        }
        return new Builds(home);
    }

    private static NvidiaSmi.Report driver(Gpu... gpus) {
        return new NvidiaSmi.Report(true, null, "535.104.05", "12.2", List.of(gpus));
    }
}
