package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.device.Cpu;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --backend as the JVM sees it, on the CPU build the tests run: every command that computes takes it, a backend this
 * build does not have is refused in one line before anything is written, and auto says what it took and why.
 * (The launcher's side, which picks the jar, is LauncherBackendTest.)
 */
class BackendChoiceTest {
    private static final String MOONS = """
            data: {source: synthetic, kind: moons, samples: 64}
            model: {layers: [{type: dense, units: 4}, {type: output, units: 2}]}
            training: {epochs: 1}
            """;

    @TempDir
    Path dir;

    @Test
    void autoTrainsOnTheCpuAndSaysSoInTheRunsFirstLine() throws IOException {
        Path runs = dir.resolve("runs");
        var result = dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(), "--backend", "auto");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines().findFirst().orElseThrow())
                .isEqualTo("backend auto chose cpu: this is the cpu build, started without the launcher");

        JsonNode info = Json.MAPPER.readTree(onlyRun(runs).resolve("run.json").toFile());
        assertThat(info.get("backend").asText()).isEqualTo("cpu");
        assertThat(info.get("device").asText()).isEqualTo(Cpu.probe().model());
        assertThat(info.has("driver")).as("no NVIDIA driver on the CPU").isFalse();
        assertThat(info.get("command").toString()).contains("\"--backend\",\"auto\"");
    }

    @Test
    void namingTheBackendInAnyCaseTrainsWithoutAutosLine() throws IOException {
        var result = dlx("train", "--config", config().toString(), "--runs-dir", dir.resolve("runs").toString(),
                "--backend", "CPU");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("backend auto");
    }

    @Test
    void cudaOnTheCpuBuildIsRefusedInOneLineWithoutARunFolder() throws IOException {
        Path runs = dir.resolve("runs");
        var result = dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(), "--backend", "cuda");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("dlx: --backend cuda: this is dlx's CPU build; start dlx as ./dlx --backend"
                + " cuda, which builds and runs target/dlx-cuda.jar (see docs/cuda.md)\n");
        assertThat(runs).doesNotExist();
    }

    @Test
    void everyCommandThatComputesTakesTheBackend() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.toString()).exitCode()).isZero();
        Path run = onlyRun(runs);

        var eval = dlx("eval", "--checkpoint", run.toString(), "--split", "val", "--backend", "cuda");
        assertThat(eval.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(eval.err()).startsWith("dlx: --backend cuda: this is dlx's CPU build");
        assertThat(run.resolve("eval-val.json")).doesNotExist();

        Path picture = dir.resolve("act.png");
        var activations = dlx("activations", "--config", config().toString(), "--out", picture.toString(), "--backend", "cuda");
        assertThat(activations.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(picture).doesNotExist();

        Path sweeps = dir.resolve("sweeps");
        var sweep = dlx("sweep", "--config", config().toString(), "--param", "optimizer.lr=[0.1,0.01]", "--runs-dir",
                sweeps.toString(), "--backend", "cuda");
        assertThat(sweep.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sweeps).doesNotExist();

        var evalOnCpu = dlx("eval", "--checkpoint", run.toString(), "--backend", "cpu");
        assertThat(evalOnCpu.exitCode()).as(evalOnCpu.err()).isZero();
    }

    @Test
    void anUnknownBackendNamesTheThreeThereAre() throws IOException {
        var result = dlx("train", "--config", config().toString(), "--runs-dir", dir.resolve("runs").toString(),
                "--backend", "gpu");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("dlx: Invalid value for option '--backend': 'gpu' is not cpu, cuda or auto"
                + " (see 'dlx train --help')\n");
    }

    @Test
    void severalGpusNeedTheCudaBackend() throws IOException {
        Path runs = dir.resolve("runs");
        var two = dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(), "--gpus", "2");
        assertThat(two.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(two.err()).isEqualTo("dlx: --gpus 2: training on several GPUs needs --backend cuda; the CPU backend"
                + " trains on one device\n");
        var none = dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(), "--gpus", "0");
        assertThat(none.err()).isEqualTo("dlx: --gpus 0: must be 1 or more\n");
        assertThat(runs).doesNotExist();
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("moons.yaml"), MOONS);
    }
}
