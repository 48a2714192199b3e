package dlx.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor as /proc/cpuinfo describes it: its model and the vector extensions BLAS kernels are picked by. */
class CpuTest {
    @TempDir
    Path dir;

    @Test
    void theModelAndTheVectorExtensionsComeFromCpuinfo() throws Exception {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), """
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz
                flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512_vnni

                processor\t: 1
                model name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz
                """);
        Cpu cpu = Cpu.probe(cpuinfo, 2);
        assertThat(cpu.model()).isEqualTo("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz");
        assertThat(cpu.threads()).isEqualTo(2);
        assertThat(cpu.features()).containsExactly("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni");
        assertThat(cpu.has("avx2")).isTrue();
    }

    @Test
    void aProcessorWithoutAvx512SaysSo() throws Exception {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "model name : AMD Ryzen 7 5800X\nflags : sse4_2 avx avx2 fma\n");
        assertThat(Cpu.probe(cpuinfo, 16).has("avx512f")).isFalse();
    }

    @Test
    void withoutCpuinfoTheModelIsUnknown() {
        Cpu cpu = Cpu.probe(dir.resolve("missing"), 4);
        assertThat(cpu.model()).isEqualTo("unknown");
        assertThat(cpu.features()).isEmpty();
    }
}
