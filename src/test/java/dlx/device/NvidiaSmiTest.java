package dlx.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What dlx reads from nvidia-smi: the driver, the CUDA it runs, each GPU; and the ways a driver fails to answer. */
class NvidiaSmiTest {
    @TempDir
    Path dir;

    @Test
    void eachGpuComesWithItsNameMemoryAndComputeCapability() throws Exception {
        Path smi = FakeNvidiaSmi.install(dir, List.of("0, NVIDIA A100-SXM4-40GB, 40960, 8.0", "1, NVIDIA H200, 143771, 9.0"));
        NvidiaSmi.Report report = new NvidiaSmi(smi.toString()).report();
        assertThat(report.answers()).isTrue();
        assertThat(report.driver()).isEqualTo(FakeNvidiaSmi.DRIVER);
        assertThat(report.cuda()).isEqualTo(FakeNvidiaSmi.CUDA);
        assertThat(report.gpus()).containsExactly(new Gpu(0, "NVIDIA A100-SXM4-40GB", 40960, "8.0"),
                new Gpu(1, "NVIDIA H200", 143771, "9.0"));
    }

    @Test
    void aDriverOlderThan510ListsItsGpusWithoutComputeCapability() throws Exception {
        Path smi = FakeNvidiaSmi.installOld(dir, List.of("0, Tesla V100-SXM2-16GB, 16160, 7.0"));
        NvidiaSmi.Report report = new NvidiaSmi(smi.toString()).report();
        assertThat(report.gpus()).containsExactly(new Gpu(0, "Tesla V100-SXM2-16GB", 16160, null));
        assertThat(report.gpus().get(0).supported()).isNull();
    }

    @Test
    void noNvidiaSmiMeansNoDriver() {
        NvidiaSmi.Report report = new NvidiaSmi(dir.resolve("nvidia-smi").toString()).report();
        assertThat(report.found()).isFalse();
        assertThat(report.whyNot()).isEqualTo("no NVIDIA driver (nvidia-smi not found)");
    }

    @Test
    void aDriverThatDoesNotAnswerIsToldApartFromOneWithoutGpus() throws Exception {
        NvidiaSmi.Report broken = new NvidiaSmi(FakeNvidiaSmi.installBroken(dir.resolve("broken")).toString()).report();
        assertThat(broken.whyNot()).startsWith("the NVIDIA driver does not answer (nvidia-smi: NVIDIA-SMI has failed");

        NvidiaSmi.Report none = new NvidiaSmi(FakeNvidiaSmi.install(dir.resolve("none"), List.of()).toString()).report();
        assertThat(none.found()).isTrue();
        assertThat(none.gpus()).isEmpty();
        assertThat(none.whyNot()).isEqualTo("the NVIDIA driver lists no GPU");
    }
}
