package dlx.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx doctor's findings: every problem is one line that says what to do, and a healthy checkout has none. */
class CheckupTest {
    private static final NvidiaSmi.Report NO_DRIVER = new NvidiaSmi.Report(false, null, null, null, List.of());

    @TempDir
    Path home;

    @Test
    void aCheckoutWithItsDataAndAWritableRunsFolderHasNoProblems() throws Exception {
        Checkup checkup = Checkup.of(checkout(), home.resolve("runs"), NO_DRIVER, Map.of());
        assertThat(checkup.problems()).isEmpty();
        assertThat(checkup.backend().auto()).isEqualTo("cpu");
        assertThat(checkup.backend().autoReason()).isEqualTo("no NVIDIA driver (nvidia-smi not found)");
        assertThat(checkup.runs().writable()).isTrue();
        assertThat(checkup.runs().freeBytes()).isPositive();
        assertThat(checkup.datasets()).allMatch(Checkup.DatasetInfo::present);
    }

    @Test
    void aMissingDataFileNamesTheFileAndHowToRestoreIt() throws Exception {
        Builds builds = checkout();
        Files.delete(home.resolve("datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        assertThat(Checkup.of(builds, home.resolve("runs"), NO_DRIVER, Map.of()).problems()).containsExactly(
                "datasets/fashion-mnist: t10k-labels-idx1-ubyte.gz missing; the shipped configs read it: restore it with"
                        + " git checkout -- datasets/fashion-mnist");
    }

    @Test
    void aRunsFolderThatTakesNoFilesIsAProblem() throws Exception {
        Builds builds = checkout();
        Path runs = Files.createDirectory(home.resolve("runs"));
        Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Checkup checkup = Checkup.of(builds, runs, NO_DRIVER, Map.of());
            if (!"root".equals(System.getProperty("user.name"))) { // root writes anywhere
                assertThat(checkup.problems()).singleElement().asString().startsWith(runs + ": not writable")
                        .endsWith("fix its permissions or give another --runs-dir");
            }
        } finally {
            Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path file = Files.writeString(home.resolve("a-file"), "");
        assertThat(Checkup.of(builds, file.resolve("runs"), NO_DRIVER, Map.of()).problems()).singleElement().asString()
                .contains("not a folder");
    }

    @Test
    void gpusTheCudaBuildCannotUseAndOldDriversAreProblems() throws Exception {
        var driver = new NvidiaSmi.Report(true, null, "440.33.01", "10.2",
                List.of(new Gpu(0, "NVIDIA H200", 143771, "9.0")));
        assertThat(Checkup.of(checkout(), home.resolve("runs"), driver, Map.of()).problems()).containsExactly(
                "NVIDIA driver 440.33.01 is older than CUDA 11.6 needs (450.80.02 or newer): update the driver to train"
                        + " with --backend cuda",
                "GPU 0 (NVIDIA H200) has compute capability 9.0: dlx's CUDA build (CUDA 11.6) has kernels for 3.7 to 8.9"
                        + " only, so it cannot train there; use --backend cpu");
    }

    @Test
    void askingForCudaWhereThereIsNoneIsAProblem() throws Exception {
        assertThat(Checkup.of(checkout(), home.resolve("runs"), NO_DRIVER, Map.of("DLX_BACKEND", "cuda")).problems())
                .containsExactly("DLX_BACKEND=cuda, but no NVIDIA driver (nvidia-smi not found): dlx train will refuse;"
                        + " set DLX_BACKEND=auto or cpu, or fix the GPU setup");
        assertThat(Checkup.of(checkout(), home.resolve("runs"), NO_DRIVER, Map.of("DLX_BACKEND", "gpu")).problems())
                .containsExactly("DLX_BACKEND=gpu: must be cpu, cuda or auto; fix or unset it");
    }

    @Test
    void aDriverThatDoesNotAnswerIsAProblem() throws Exception {
        var broken = new NvidiaSmi.Report(true, "NVIDIA-SMI has failed", null, null, List.of());
        assertThat(Checkup.of(checkout(), home.resolve("runs"), broken, Map.of()).problems()).containsExactly(
                "nvidia-smi failed (NVIDIA-SMI has failed): the NVIDIA driver is installed but does not answer; reload"
                        + " it (or reboot), or train with --backend cpu");
    }

    @Test
    void driverVersionsCompareNumberByNumber() {
        assertThat(Checkup.older("440.33.01", "450.80.02")).isTrue();
        assertThat(Checkup.older("450.80.02", "450.80.02")).isFalse();
        assertThat(Checkup.older("535.104.05", "450.80.02")).isFalse();
        assertThat(Checkup.older("450.9", "450.80.02")).isTrue();
    }

    /** A checkout with its bundled data sets. */
    private Builds checkout() throws Exception {
        for (var set : Checkup.BUNDLED.entrySet()) {
            Path dir = Files.createDirectories(home.resolve(set.getKey()));
            for (String file : set.getValue()) {
                Files.writeString(dir.resolve(file), "data");
            }
        }
        return new Builds(home);
    }
}
