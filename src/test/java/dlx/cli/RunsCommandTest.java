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
        // the ids end in the names, and every run is ranked by val_accuracy: no name column, the metric heads its own
        assertThat(lines.get(0)).contains("id", "status", "epochs", "val_accuracy", "best_epoch", "test_accuracy",
                        "duration", "optimizer.lr")
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

    @Test
    void showPrintsShortLeftAlignedLinesWithTheFilesWrapped() throws IOException {
        Path run;
        try (var folders = Files.list(runs)) {
            run = folders.filter(p -> p.getFileName().toString().endsWith("lr-0.5")).findFirst().orElseThrow();
        }
        var show = dlx("runs", "show", run.toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
        assertThat(show.out()).containsPattern("(?m)^status {2}completed, 2 epochs")
                .containsPattern("(?m)^files:\n {2}\\S").contains("checkpoints/best.zip,").contains("metrics.csv,");
    }

    @Test
    void listRefusesAnUnknownSortMetricNamingTheAllowedOnes() {
        var bogus = dlx("runs", "list", "--runs-dir", runs.toString(), "--sort", "bogus");
        assertThat(bogus.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bogus.out()).isEmpty();
        assertThat(bogus.err().strip()).hasLineCount(1).contains("--sort").contains("'bogus' is not one of")
                .contains("val_accuracy").contains("test_accuracy");

        var typo = dlx("runs", "list", "--runs-dir", runs.toString(), "--sort", "val_acurracy");
        assertThat(typo.err()).contains("did you mean 'val_accuracy'?");
    }

    @Test
    void listFitsTheTerminalWidthAndColumnsPickKeys() throws IOException {
        Path mixed = dir.resolve("mixed");
        Path config = dir.resolve("mixed.yaml");
        Files.writeString(config, XOR);
        List<List<String>> variants = List.of(
                List.of("optimizer.type=adam", "optimizer.lr=0.001", "training.batch_size=32", "seed=1",
                        "regularization.l2=0.001", "schedule.type=cosine", "data.noise=0.1", "model.layers[0].units=16"),
                List.of("optimizer.type=momentum", "optimizer.lr=0.1", "training.batch_size=64", "seed=2",
                        "regularization.l1=0.0001", "schedule.type=step", "data.samples=400", "model.layers[0].activation=relu"),
                List.of("optimizer.type=rmsprop", "optimizer.lr=0.01", "training.epochs=7", "seed=3",
                        "regularization.weight_decay=0.01", "schedule.type=exponential", "data.validation_split=0.3",
                        "model.layers[0].init=xavier"));
        for (int i = 0; i < variants.size(); i++) {
            List<String> args = new java.util.ArrayList<>(List.of("config", "print", config.toString()));
            variants.get(i).forEach(v -> args.addAll(List.of("--set", v)));
            var print = dlx(args.toArray(String[]::new));
            assertThat(print.exitCode()).as(print.err()).isZero();
            Path run = mixed.resolve("20200101-00000" + i + "-variant-" + i);
            Files.createDirectories(run);
            Files.writeString(run.resolve("config.yaml"), print.out());
            Files.writeString(run.resolve("run.json"), "{\"id\": \"" + run.getFileName() + "\", \"name\": \"variant-" + i
                    + "\", \"status\": \"completed\", \"started\": \"2020-01-01T00:00:00Z\", \"ended\": \"2020-01-01T00:01:00Z\"}");
        }

        var fitted = dlx("runs", "list", "--runs-dir", mixed.toString());
        assertThat(fitted.exitCode()).as(fitted.err()).isZero();
        assertThat(fitted.out().lines()).hasSize(4)
                .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(Terminal.PIPE_WIDTH));
        assertThat(fitted.out().lines().findFirst().orElseThrow()).startsWith("id").contains("val_accuracy")
                .doesNotContain("name").contains("seed");
        assertThat(fitted.err()).contains("more differing config keys not shown").contains("--columns").contains("--wide");

        var wide = dlx("runs", "list", "--runs-dir", mixed.toString(), "--wide");
        assertThat(wide.out().lines().findFirst().orElseThrow()).hasSizeGreaterThan(Terminal.PIPE_WIDTH)
                .contains("regularization.weight_decay").contains("schedule.type").contains("optimizer.type");
        assertThat(wide.err()).isEmpty();

        var picked = dlx("runs", "list", "--runs-dir", mixed.toString(), "--columns", "name,optimizer.lr,schedule.type");
        assertThat(picked.exitCode()).as(picked.err()).isZero();
        assertThat(picked.out().lines().toList()).containsExactly(
                "name       optimizer.lr  schedule.type",
                "variant-0         0.001         cosine",
                "variant-1           0.1           step",
                "variant-2          0.01    exponential");

        var unknown = dlx("runs", "list", "--runs-dir", mixed.toString(), "--columns", "name,optimizer.lrr");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unknown.err().strip()).hasLineCount(1).contains("--columns: 'optimizer.lrr'")
                .contains("did you mean 'optimizer.lr'?");
    }

    @Test
    void aSweepsFolderListsAndComparesItsTrials() throws IOException {
        Path sweep = dir.resolve("sweeps").resolve("20200101-000000-sweep-xor");
        Path trials = sweep.resolve("trials");
        Files.createDirectories(trials);
        Files.writeString(sweep.resolve("sweep.yaml"), "name: xor\n");
        List<String> ids = new java.util.ArrayList<>();
        try (var folders = Files.list(runs)) {
            for (Path run : folders.filter(p -> p.getFileName().toString().contains("-lr-")).sorted().toList()) {
                copy(run, trials.resolve(run.getFileName()));
                ids.add(run.getFileName().toString());
            }
        }

        var list = dlx("runs", "list", "--runs-dir", sweep.toString(), "--sort", "val_loss");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).hasSize(1 + 3);
        assertThat(list.out()).contains("lr-0.5").contains("lr-0.05").contains("lr-0.001").contains("optimizer.lr");

        var compare = dlx("runs", "compare", "--runs-dir", sweep.toString(), ids.get(0), ids.get(1));
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("optimizer.lr").contains("best val_accuracy");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
