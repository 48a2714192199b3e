package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.device.FakeNvidiaSmi;
import dlx.run.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx doctor as a user runs it: one line per finding, JSON for scripts, GPUs as the driver lists them. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void itTellsTheBuildsTheBackendAutoWouldTakeTheCpuDataAndRuns() {
        var result = dlx("doctor", "--runs-dir", dir.resolve("runs").toString());
        List<String> keys = result.out().lines().map(l -> l.split("\\s+")[0]).toList();
        assertThat(keys).startsWith("dlx", "java", "builds", "backend", "cpu", "threads", "blas", "memory", "nvidia");
        assertThat(result.out()).contains("--backend auto would take ").contains("datasets/fashion-mnist ok")
                .contains(dir.resolve("runs") + " writable");
        // the exit code says whether there is something to fix
        boolean problems = result.out().contains("\nproblem: ");
        assertThat(result.exitCode()).isEqualTo(problems ? ExitCodes.FAILED : ExitCodes.DONE);
        assertThat(result.out()).contains(problems ? "problem: " : "no problems found");
    }

    @Test
    void jsonHasEveryFindingForScripts() throws IOException {
        var result = dlx("doctor", "--json", "--runs-dir", dir.resolve("runs").toString());
        JsonNode doctor = Json.MAPPER.readTree(result.out());
        assertThat(doctor.get("dlx_version").asText()).isNotEmpty();
        assertThat(doctor.at("/java/version").asText()).startsWith(Runtime.version().feature() + "");
        assertThat(doctor.at("/builds/cpu_jar").asText()).endsWith("dlx.jar");
        assertThat(doctor.at("/backend/this_process").asText()).isEqualTo("cpu");
        assertThat(doctor.at("/backend/auto").asText()).isIn("cpu", "cuda");
        assertThat(doctor.at("/backend/auto_reason").asText()).isNotEmpty();
        assertThat(doctor.at("/cpu/threads").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(doctor.at("/cpu/features").isArray()).isTrue();
        assertThat(doctor.at("/runs/writable").asBoolean()).isTrue();
        assertThat(doctor.at("/runs/free_bytes").asLong()).isPositive();
        assertThat(doctor.get("datasets").size()).isEqualTo(2);
        assertThat(doctor.get("problems").isArray()).isTrue();
        assertThat(doctor.has("nd4j")).isFalse();
    }

    @Test
    void withNd4jItLoadsNd4jAndSaysWhetherTheOneDnnHelpersEngage() throws IOException {
        var result = dlx("doctor", "--nd4j", "--json", "--runs-dir", dir.resolve("runs").toString());
        JsonNode nd4j = Json.MAPPER.readTree(result.out()).get("nd4j");
        assertThat(nd4j.at("/facts/backend").asText()).isEqualTo("CpuBackend");
        assertThat(nd4j.at("/facts/blas").asText()).isEqualTo("OPENBLAS");
        assertThat(nd4j.at("/facts/one_dnn").asBoolean()).isTrue();
        assertThat(nd4j.get("helpers").asText()).isEqualTo("oneDNN helpers engage for convolution and pooling");
    }

    @Test
    void withoutNd4jItLoadsNoNd4jClass() throws Exception {
        Run run = child(Map.of(), List.of("-Xlog:class+load=info"), "doctor", "--runs-dir", dir.resolve("runs").toString());
        assertThat(run.output()).contains("dlx.device.Checkup").doesNotContain("org.nd4j.linalg.factory.Nd4j ");
    }

    @Test
    void eachGpuIsListedAndOneTheCudaBuildCannotUseIsAProblem() throws Exception {
        Path bin = dir.resolve("bin");
        FakeNvidiaSmi.install(bin, List.of("0, NVIDIA A100-SXM4-40GB, 40960, 8.0", "1, NVIDIA H200, 143771, 9.0"));
        Run text = child(Map.of("PATH", bin + ":" + System.getenv("PATH")), List.of(), "doctor", "--runs-dir",
                dir.resolve("runs").toString());
        assertThat(text.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(text.output()).containsPattern("nvidia +driver 535.104.05, runs CUDA up to 12.2; 2 GPU\\(s\\)")
                .containsPattern("gpu 0 +NVIDIA A100-SXM4-40GB, 40,960 MiB, compute capability 8.0: supported by the CUDA build")
                .containsPattern("gpu 1 +NVIDIA H200, 143,771 MiB, compute capability 9.0: NOT supported by the CUDA build")
                .contains("problem: GPU 1 (NVIDIA H200) has compute capability 9.0: dlx's CUDA build (CUDA 11.6) has"
                        + " kernels for 3.7 to 8.9 only, so it cannot train there; use --backend cpu or another GPU"
                        + " (CUDA_VISIBLE_DEVICES)");

        Run json = child(Map.of("PATH", bin + ":" + System.getenv("PATH")), List.of(), "doctor", "--json", "--runs-dir",
                dir.resolve("runs").toString());
        JsonNode cuda = Json.MAPPER.readTree(json.output()).get("cuda");
        assertThat(cuda.get("driver").asText()).isEqualTo(FakeNvidiaSmi.DRIVER);
        assertThat(cuda.get("driver_cuda_version").asText()).isEqualTo(FakeNvidiaSmi.CUDA);
        assertThat(cuda.at("/gpus/0/compute_capability").asText()).isEqualTo("8.0");
        assertThat(cuda.at("/gpus/0/memory_mib").asLong()).isEqualTo(40960);
        assertThat(cuda.at("/gpus/0/supported").asBoolean()).isTrue();
        assertThat(cuda.at("/gpus/1/supported").asBoolean()).isFalse();
    }

    @Test
    void aDriverThatDoesNotAnswerIsOneProblemLine() throws Exception {
        Path bin = dir.resolve("bin");
        FakeNvidiaSmi.installBroken(bin);
        Run run = child(Map.of("PATH", bin + ":" + System.getenv("PATH")), List.of(), "doctor", "--runs-dir",
                dir.resolve("runs").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.output()).contains("nvidia-smi failed: NVIDIA-SMI has failed")
                .contains("problem: nvidia-smi failed (NVIDIA-SMI has failed because it couldn't communicate with the"
                        + " NVIDIA driver.");
    }

    private record Run(int exitCode, String output) {
    }

    /** dlx doctor in a JVM of its own: with another PATH (a fake nvidia-smi), or to watch class loading. */
    private Run child(Map<String, String> env, List<String> jvm, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ChildDlx.command(jvm, args)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
