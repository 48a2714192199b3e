package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx runs list/show/compare over a few real runs, a crashed one and a damaged one. */
class RunsCommandTest {
    private static final String XOR = """
            data: {source: synthetic, kind: xor, samples: 200, noise: 0.2}
            model: {layers: [{type: dense, units: 6, activation: tanh}, {type: output, units: 2}]}
            optimizer: {type: sgd}
            training: {epochs: 2, batch_size: 16}
            """;

    @TempDir
    static Path dir;
    static Path runs;

    @BeforeAll
    static void threeRunsDifferingInTheirLearningRate() throws IOException {
        runs = dir.resolve("runs");
        Path config = dir.resolve("xor.yaml");
        Files.writeString(config, XOR);
        for (String lr : List.of("0.001", "0.5", "0.05")) {
            assertThat(dlx("train", "--config", config.toString(), "--runs-dir", runs.toString(),
                    "--set", "optimizer.lr=" + lr, "--name", "lr-" + lr).exitCode()).isZero();
        }
        Path crashed = runs.resolve("20200101-000000-crashed");
        Files.createDirectories(crashed);
        Files.writeString(crashed.resolve("run.json"), """
                {"id": "20200101-000000-crashed", "name": "crashed", "status": "running", "pid": 999999999,
                 "started": "2020-01-01T00:00:00Z"}""");
        Path damaged = runs.resolve("20200101-000001-damaged");
        Files.createDirectories(damaged);
        Files.writeString(damaged.resolve("run.json"), "{\"id\": \"half a fi");
    }

    @Test
    void listShowsOnlyTheParametersThatDifferAndToleratesBrokenRuns() {
        var result = dlx("runs", "list", "--runs-dir", runs.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("id", "name", "status", "epochs", "best", "test", "duration", "optimizer.lr")
                .doesNotContain("optimizer.type").doesNotContain("training.epochs").doesNotContain("model.layers");
        assertThat(lines).hasSize(1 + 5);
        assertThat(result.out()).contains("crashed").contains("unreadable").contains("lr-0.5");
    }

    @Test
    void listSortsBestFirstAndSpeaksJsonAndCsv() throws IOException {
        var sorted = dlx("runs", "list", "--runs-dir", runs.toString(), "--sort", "val_loss", "--json",
                "--status", "completed");
        assertThat(sorted.exitCode()).as(sorted.err()).isZero();
        JsonNode array = Json.MAPPER.readTree(sorted.out());
        assertThat(array).hasSize(3);
        assertThat(array.get(0).at("/parameters/optimizer.lr").asText()).isEqualTo("0.5");
        assertThat(array.get(2).at("/parameters/optimizer.lr").asText()).isEqualTo("0.001");

        var csv = dlx("runs", "list", "--runs-dir", runs.toString(), "--csv", "--status", "completed", "--limit", "2");
        assertThat(csv.out().lines().findFirst().orElseThrow())
                .isEqualTo("id,name,status,epochs,best,best_epoch,test,duration,optimizer.lr");
        assertThat(csv.out().lines()).hasSize(3);
    }

    @Test
    void showAndCompareNameWhatDiffers() throws IOException {
        Path run;
        try (var folders = Files.list(runs)) {
            run = folders.filter(p -> p.getFileName().toString().endsWith("lr-0.5")).findFirst().orElseThrow();
        }
        var show = dlx("runs", "show", run.toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("completed, 2 epochs").contains("best").contains("checkpoints/best.zip")
                .contains("config:").contains("lr: 0.5");

        List<String> lr;
        try (var folders = Files.list(runs)) {
            lr = folders.map(p -> p.getFileName().toString()).filter(p -> p.contains("-lr-0.0")).sorted().toList();
        }
        var compare = dlx("runs", "compare", "--runs-dir", runs.toString(), lr.get(0), lr.get(1));
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("optimizer.lr").contains("best val_accuracy").contains("test")
                .doesNotContain("optimizer.type");

        var missing = dlx("runs", "show", "nope", "--runs-dir", runs.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).contains("nope: no such run folder");
    }

    @Test
    void theLearningRateSweepScriptTrainsEachRateAndListsThem() throws Exception {
        Path config = dir.resolve("script.yaml");
        Files.writeString(config, XOR.replace("epochs: 2", "epochs: 1"));
        Path sweep = dir.resolve("sweep");
        String dlx = String.join(" ", ChildDlx.command(List.of()));
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/sweep-lr.sh", config.toString(), "0.5", "0.05")
                .redirectErrorStream(true);
        builder.environment().put("DLX", dlx);
        builder.environment().put("RUNS_DIR", sweep.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("lr-0.5").contains("lr-0.05").contains("optimizer.lr");
        try (var folders = Files.list(sweep)) {
            assertThat(folders.count()).isEqualTo(2);
        }
    }
}
