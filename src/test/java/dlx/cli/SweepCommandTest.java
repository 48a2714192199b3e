package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import dlx.run.CsvRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx sweep with real child trials on synthetic data. */
class SweepCommandTest {
    private static final String XOR = """
            name: xor
            data: {source: synthetic, kind: xor, samples: 160, noise: 0.2}
            model: {layers: [{type: dense, units: 6, activation: tanh}, {type: output, units: 2}]}
            optimizer: {type: sgd}
            training: {epochs: 2, batch_size: 16}
            """;

    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path file = dir.resolve("xor.yaml");
        Files.writeString(file, XOR);
        return file;
    }

    private static List<String> leaderboard(Path sweep) throws IOException {
        return Files.readAllLines(sweep.resolve("leaderboard.csv"));
    }

    @Test
    void aRandomSweepRunsEveryTrialAndRanksThem() throws IOException {
        var result = dlx("sweep", "--config", config().toString(), "--param", "optimizer.lr=loguniform(1e-3,1)",
                "--param", "model.layers[0].units=[2,8]", "--trials", "4", "--parallel", "2",
                "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path sweep = onlyRun(dir.resolve("runs"));
        assertThat(sweep.getFileName().toString()).endsWith("-sweep-xor");
        List<String> board = leaderboard(sweep);
        assertThat(board.get(0)).isEqualTo("rank,trial,status,val_accuracy,epochs,run,optimizer.lr,model.layers[0].units,reason");
        assertThat(board).hasSize(5);
        assertThat(board.get(1)).startsWith("1,trial-");
        List<Double> values = board.stream().skip(1).map(l -> Double.parseDouble(l.split(",")[3])).toList();
        assertThat(values).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        try (Stream<Path> trials = Files.list(sweep.resolve("trials"))) {
            assertThat(trials.count()).isEqualTo(4);
        }
        assertThat(result.out()).contains("best: ").contains("config.yaml");
        assertThat(Files.readAllBytes(sweep.resolve("top.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readAllBytes(sweep.resolve("scatter.png"))).as("two numeric keys").startsWith(0x89, 'P', 'N', 'G');
        assertThat(result.out()).contains("scatter: ");
        assertThat(Files.readString(sweep.resolve("sweep.yaml"))).contains("strategy: random").contains("seed: 42");
        assertThat(result.err()).containsPattern("4 trial runs in \\d+m\\d\\ds, 2 at a time: \\d+ trials/hour");
    }

    @Test
    void parallelIsAWholeNumberOrAuto() throws IOException {
        var result = dlx("sweep", "--config", config().toString(), "--param", "optimizer.lr=[0.1,0.2]",
                "--parallel", "two", "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("dlx: --parallel: 'two' is not a whole number >= 1 or auto");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void theSweepsNameIsLimitedAsARunsNameIs() throws IOException {
        var result = dlx("sweep", "--config", config().toString(), "--param", "optimizer.lr=[0.1,0.2]",
                "--name", "n".repeat(5000), "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("dlx: --name: the sweep's name 'nnnnnnnnnnnnnnnnnnnn…' must be 1 to 100"
                + " letters, digits, '.', '_' and '-' (it becomes part of the sweep folder's name)");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void aDivergingTrialDoesNotStopASweepReadFromAFile() throws IOException {
        Files.writeString(dir.resolve("sine.yaml"), """
                data: {source: synthetic, kind: sine, samples: 200}
                model: {layers: [{type: dense, units: 8}, {type: output, units: 1}]}
                optimizer: {type: sgd}
                training: {epochs: 2, batch_size: 16}
                """);
        Path sweepFile = dir.resolve("sweep.yaml");
        Files.writeString(sweepFile, """
                name: sine-lr
                config: %s
                params: ["optimizer.lr=[0.01, 1.0e+6]"]
                strategy: grid
                trials: 1
                parallel: 2
                metric: val_loss
                mode: min
                seed: 1
                sets: []
                eta: 3
                min_epochs: 1
                """.formatted(dir.resolve("sine.yaml")));
        var result = dlx("sweep", "--file", sweepFile.toString(), "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> board = leaderboard(onlyRun(dir.resolve("runs")));
        assertThat(board).hasSize(3);
        assertThat(board.get(1)).startsWith("1,trial-000,completed,");
        assertThat(board.get(2)).contains(",trial-001,diverged,").contains(",\"diverged: the loss became");
        assertThat(result.err()).contains("trial-001: diverged: diverged: the loss became");
    }

    @Test
    void halvingGivesTheBestHalfMoreEpochsByResumingThem() throws IOException {
        var result = dlx("sweep", "--config", config().toString(), "--param", "optimizer.lr=[0.001,0.01,0.3,1.0]",
                "--strategy", "halving", "--trials", "4", "--eta", "2", "--min-epochs", "1",
                "--seed", "3", "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path sweep = onlyRun(dir.resolve("runs"));
        int parallel = Integer.parseInt(Files.readAllLines(sweep.resolve("sweep.yaml")).stream()
                .filter(l -> l.startsWith("parallel: ")).findFirst().orElseThrow().substring("parallel: ".length()));
        assertThat(parallel).as("auto: one trial per core").isBetween(1, Runtime.getRuntime().availableProcessors());
        Map<Integer, List<String>> byEpochs;
        List<List<String>> rows = leaderboard(sweep).stream().skip(1).map(l -> List.of(l.split(","))).toList();
        byEpochs = rows.stream().collect(java.util.stream.Collectors.groupingBy(r -> Integer.parseInt(r.get(4)),
                java.util.stream.Collectors.mapping(r -> r.get(5), java.util.stream.Collectors.toList())));
        assertThat(byEpochs.get(2)).as("survivors of the first rung").hasSize(2);
        assertThat(byEpochs.get(1)).as("dropped after one epoch").hasSize(2);
        double worstSurvivor = byEpochs.get(2).stream().mapToDouble(run -> firstEpoch(sweep.resolve(run))).min().orElseThrow();
        double bestDropped = byEpochs.get(1).stream().mapToDouble(run -> firstEpoch(sweep.resolve(run))).max().orElseThrow();
        assertThat(worstSurvivor).isGreaterThanOrEqualTo(bestDropped);
        assertThat(result.err()).contains("rung of 1 epochs done: 2 of 4 trials go on");
        assertThat(sweep.resolve("scatter.png")).as("one swept key: no scatter").doesNotExist();
    }

    private static boolean trialHasCheckpoint(Path runs, String trial) throws IOException {
        if (!Files.isDirectory(runs)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(runs, 3)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith("-" + trial)
                    && Files.exists(f.resolve("checkpoints/last.zip")));
        } catch (java.io.UncheckedIOException changing) {
            return false; // a file renamed as the walk passed: look again
        }
    }

    private static double firstEpoch(Path run) {
        return CsvRows.read(run.resolve("metrics.csv")).get(0).get("val_accuracy");
    }

    @Test
    void aStoppedSweepResumesWhereItStopped() throws Exception {
        Files.writeString(dir.resolve("slow.yaml"), XOR.replace("samples: 160", "samples: 3000").replace("epochs: 2", "epochs: 4"));
        Path runs = dir.resolve("runs");
        Process process = ChildDlx.start(dir.resolve("sweep.txt"), "sweep", "--config",
                dir.resolve("slow.yaml").toString(), "--param", "optimizer.lr=[0.1,0.2,0.3]", "--strategy", "grid",
                "--parallel", "1", "--runs-dir", runs.toString());
        // the signal lands once trial-001 has a checkpoint: before its JVM is up, it would not be a stop to resume
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive() && !trialHasCheckpoint(runs, "trial-001")) {
            Thread.sleep(100);
        }
        process.destroy(); // SIGTERM, as Ctrl-C
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String console = Files.readString(dir.resolve("sweep.txt"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(console).isEqualTo(ExitCodes.INTERRUPTED);
        Path sweep = onlyRun(runs);
        assertThat(leaderboard(sweep)).anyMatch(l -> l.contains("trial-002") && l.contains("pending"));

        var resumed = dlx("sweep", "--resume", sweep.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        List<String> board = leaderboard(sweep);
        assertThat(board.stream().skip(1).map(l -> l.split(","))).hasSize(3)
                .allMatch(cells -> cells[2].equals("completed") && cells[4].equals("4"));
        try (Stream<Path> trials = Files.list(sweep.resolve("trials"))) {
            assertThat(trials.count()).as("finished trials were not run again").isEqualTo(3);
        }
        assertThat(resumed.err()).doesNotContain("trial-000: optimizer");
    }

    @Test
    void aTrialWhoseConfigIsInvalidIsFailedWithItsReasonAndTheSweepSaysTrialsFailed() throws IOException {
        // the base config is checked with each domain's first value; the second one is only refused by its trial
        var result = dlx("sweep", "--config", config().toString(), "--param", "model.layers[0].units=[4,0]",
                "--strategy", "grid", "--parallel", "2", "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("trial-001: failed: --set model.layers[0].units: must be a whole"
                + " number > 0, got 0").contains("dlx: 1 of 2 trials failed (trial-001 failed)");
        Path sweep = onlyRun(dir.resolve("runs"));
        assertThat(leaderboard(sweep)).anyMatch(l -> l.startsWith(",trial-001,failed,,0,,0,\"--set model.layers[0].units:"));

        var resumed = dlx("sweep", "--resume", sweep.toString());
        assertThat(resumed.exitCode()).as("not 130: nothing was interrupted").isEqualTo(ExitCodes.FAILED);
        assertThat(resumed.err()).as("a failed trial is not run again").doesNotContain("trial-001: model");
    }

    @Test
    void narrowSearchesAgainAroundTheBestTrialsAndDrawsBothStages() throws IOException {
        var first = dlx("sweep", "--config", config().toString(), "--param", "optimizer.lr=loguniform(1e-3,1)",
                "--param", "model.layers[0].units=int(2,16)", "--trials", "4", "--parallel", "2",
                "--runs-dir", dir.resolve("runs").toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path stage1 = onlyRun(dir.resolve("runs"));
        List<Map<String, String>> best = leaderboard(stage1).stream().skip(1).limit(2)
                .map(l -> Map.of("lr", l.split(",")[6], "units", l.split(",")[7])).toList();

        var second = dlx("sweep", "--narrow", stage1.toString(), "--top", "2", "--trials", "1", "--parallel", "1");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("narrowing " + stage1 + " around its best 2 trials by val_accuracy:")
                .contains("  optimizer.lr=loguniform(1e-3, 1)  ->  loguniform(");
        Path stage2;
        try (Stream<Path> sweeps = Files.list(dir.resolve("runs"))) {
            stage2 = sweeps.filter(p -> p.getFileName().toString().endsWith("-sweep-xor-narrowed")).findFirst().orElseThrow();
        }
        String yaml = Files.readString(stage2.resolve("sweep.yaml"));
        assertThat(yaml).contains("narrows: " + stage1.toAbsolutePath()).contains("seed: 43").contains("trials: 1");
        dlx.sweep.SweepSpec spec = dlx.sweep.SweepSpec.read(stage2.resolve("sweep.yaml"));
        dlx.sweep.Domain lr = dlx.sweep.Domain.parse(spec.params().get(0));
        dlx.sweep.Domain units = dlx.sweep.Domain.parse(spec.params().get(1));
        for (Map<String, String> trial : best) {
            assertThat(Double.parseDouble(trial.get("lr"))).as("a best trial's lr lies in the new range")
                    .isBetween(Double.parseDouble(lr.values().get(0)) * 0.999, Double.parseDouble(lr.values().get(1)) * 1.001);
            assertThat(Double.parseDouble(trial.get("units"))).isBetween(Double.parseDouble(units.values().get(0)),
                    Double.parseDouble(units.values().get(1)));
        }
        assertThat(Double.parseDouble(lr.values().get(0))).isGreaterThanOrEqualTo(1e-3);
        assertThat(Double.parseDouble(lr.values().get(1))).isLessThanOrEqualTo(1.0);
        assertThat(leaderboard(stage2)).hasSize(2);
        assertThat(Files.readAllBytes(stage2.resolve("scatter.png"))).startsWith(0x89, 'P', 'N', 'G');

        var mixed = dlx("sweep", "--narrow", stage1.toString(), "--param", "optimizer.lr=[0.1]");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err().strip()).startsWith("dlx: --narrow takes the swept keys and the metric from");
    }
}
