package dlx.cli;

import static dlx.cli.LocalSlurm.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Checkpoint;
import dlx.run.CsvRows;
import dlx.run.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --launcher slurm on the one-node cluster of scripts/slurm-local.sh, as a user runs it. About 8 minutes on 2 cores,
 * so not in the default suite: {@code mvn -Pslurm test} (as .ci/run does).
 */
@Tag("slurm")
class SlurmLauncherTest {
    private static final String XOR = """
            name: xor
            data: {source: synthetic, kind: xor, samples: 160, noise: 0.2}
            model: {layers: [{type: dense, units: 6, activation: tanh}, {type: output, units: 2}]}
            optimizer: {type: sgd}
            training: {epochs: 2, batch_size: 16}
            """;
    /** Long enough to be stopped mid-run: 40 epochs of 20 iterations, a few seconds a trial. */
    private static final String SLOW = """
            name: slow
            data: {source: synthetic, kind: spirals, samples: 400}
            model: {layers: [{type: dense, units: 32}, {type: output, units: 2}]}
            optimizer: {type: sgd, lr: 0.1}
            training: {epochs: 40, batch_size: 16, checkpoint: {keep_last: 0}}
            """;

    private static LocalSlurm slurm;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        slurm = LocalSlurm.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (slurm != null) {
            slurm.close();
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private LocalSlurm.Result dlx(String... args) throws Exception {
        return slurm.dlx(Files.createTempFile(dir, "console", ".txt"), args);
    }

    private static Path onlyFolder(Path parent) throws IOException {
        try (Stream<Path> folders = Files.list(parent)) {
            List<Path> all = folders.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static Path trial(Path sweep, int index) {
        try (Stream<Path> folders = Files.list(sweep.resolve("trials"))) {
            String suffix = String.format("-trial-%03d", index);
            return folders.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode runJson(Path run) {
        try {
            return Json.MAPPER.readTree(run.resolve("run.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int epochsWritten(Path run) {
        return run == null ? 0 : CsvRows.read(run.resolve("metrics.csv")).size();
    }

    /** metrics.csv without the columns that measure time. */
    private static List<Map<String, Double>> numbers(Path run) {
        return CsvRows.read(run.resolve("metrics.csv")).stream().map(row -> {
            Map<String, Double> kept = new java.util.LinkedHashMap<>(row);
            kept.remove("seconds");
            kept.remove("samples_per_s");
            return kept;
        }).toList();
    }

    private static String jobOf(Path sweep, int line) throws IOException {
        return Files.readAllLines(sweep.resolve("slurm/jobs.csv")).get(line).split(",")[0];
    }

    @Test
    void aRandomSweepIsOneJobArrayWhoseFourTasksTrainTheFourTrials() throws Exception {
        var result = dlx("sweep", "--config", write("xor.yaml", XOR).toString(),
                "--param", "optimizer.lr=loguniform(1e-3,1)", "--param", "model.layers[0].units=[2,8]",
                "--trials", "4", "--parallel", "2", "--launcher", "slurm", "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.console()).isZero();
        Path sweep = onlyFolder(dir.resolve("runs"));
        for (int i = 0; i < 4; i++) {
            assertThat(runJson(trial(sweep, i)).get("status").asText()).isEqualTo("completed");
            assertThat(epochsWritten(trial(sweep, i))).isEqualTo(2);
        }
        List<String> board = Files.readAllLines(sweep.resolve("leaderboard.csv"));
        assertThat(board).hasSize(1 + 4);
        assertThat(board.subList(1, 5)).allMatch(l -> l.split(",")[2].equals("completed"));
        assertThat(Files.readAllLines(sweep.resolve("slurm/jobs.csv"))).hasSize(2);
        String job = jobOf(sweep, 1);
        List<Map<String, String>> records = slurm.records(job);
        assertThat(records).hasSize(4).allMatch(r -> r.get("ArrayJobId").equals(job) && r.get("JobState").equals("COMPLETED"));
        assertThat(records.stream().map(r -> r.get("ArrayTaskId"))).containsExactlyInAnyOrder("0", "1", "2", "3");
        assertThat(records).allMatch(r -> r.get("ArrayTaskThrottle").equals("2"));
        assertThat(Files.readAllBytes(sweep.resolve("top.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(result.console()).contains("rung 0: Slurm job " + job + ", 4 tasks")
                .containsPattern("4 trial runs in \\d+m\\d\\ds, Slurm job arrays, 2 at a time");
    }

    @Test
    void scancelInterruptsTheTrialsAndResumeCompletesThemAsIfNeverStopped() throws Exception {
        Path config = write("slow.yaml", SLOW);
        var submitted = dlx("sweep", "--config", config.toString(), "--param", "optimizer.lr=[0.05,0.2]", "--strategy",
                "grid", "--parallel", "2", "--launcher", "slurm", "--detach", "--runs-dir", dir.resolve("runs").toString());
        assertThat(submitted.exitCode()).as(submitted.console()).isZero();
        Path sweep = onlyFolder(dir.resolve("runs"));
        assertThat(submitted.console()).contains("queued as job " + jobOf(sweep, 1) + ";").contains("dlx sweep --status " + sweep);
        awaitTrue(180, () -> epochsWritten(trial(sweep, 0)) >= 1 && epochsWritten(trial(sweep, 1)) >= 1,
                "both trials to finish an epoch");
        assertThat(slurm.slurm("scancel", jobOf(sweep, 1))).as("scancel's output").isBlank();
        slurm.awaitIdle(60);

        for (int i = 0; i < 2; i++) {
            Path run = trial(sweep, i);
            String logs = Files.readString(sweep.resolve(String.format("logs/trial-%03d.txt", i))) + Files.readString(
                    sweep.resolve("logs/slurm-" + jobOf(sweep, 1) + "_" + i + ".txt"));
            assertThat(runJson(run).get("status").asText()).as(logs).isEqualTo("interrupted");
            assertThat(Checkpoint.read(run.resolve("checkpoints/last.zip")).state().iteration()).isPositive();
            assertThat(epochsWritten(run)).isLessThan(40);
        }
        var status = dlx("sweep", "--status", sweep.toString());
        assertThat(status.console()).contains("2 trials, grid; 2 interrupted").contains("2 cancelled");

        var resumed = dlx("sweep", "--resume", sweep.toString(), "--launcher", "slurm");
        assertThat(resumed.exitCode()).as(resumed.console()).isZero();
        List<String> rates = List.of("0.05", "0.2");
        for (int i = 0; i < 2; i++) {
            assertThat(runJson(trial(sweep, i)).get("status").asText()).isEqualTo("completed");
            assertThat(runJson(trial(sweep, i)).get("resumes")).hasSize(1);
            // the same trial trained in one go, in this JVM
            Path straight = dir.resolve("straight-" + i);
            var run = TrainAndEvalTest.dlx("train", "--config", config.toString(), "--set", "optimizer.lr=" + rates.get(i),
                    "--runs-dir", straight.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(numbers(trial(sweep, i))).as("trial %d against a run never stopped", i)
                    .isEqualTo(numbers(onlyFolder(straight)));
        }
    }

    @Test
    void aRequeuedTaskGoesOnFromItsCheckpointAndAFinishedOneTrainsNoMore() throws Exception {
        var submitted = dlx("sweep", "--config", write("slow.yaml", SLOW).toString(), "--param",
                "optimizer.lr=[0.05,0.2]", "--strategy", "grid", "--parallel", "2", "--launcher", "slurm", "--detach",
                "--runs-dir", dir.resolve("runs").toString());
        assertThat(submitted.exitCode()).as(submitted.console()).isZero();
        Path sweep = onlyFolder(dir.resolve("runs"));
        String job = jobOf(sweep, 1);
        awaitTrue(180, () -> epochsWritten(trial(sweep, 0)) >= 2, "trial-000 to finish two epochs");
        slurm.slurm("scontrol", "requeue", job + "_0"); // the task, as a preemption would: not the whole array
        slurm.awaitIdle(180);

        JsonNode first = runJson(trial(sweep, 0));
        assertThat(first.get("status").asText()).isEqualTo("completed");
        assertThat(first.get("resumes")).hasSize(1);
        assertThat(first.get("resumes").get(0).asText()).doesNotContain("from epoch 0,").containsPattern("from epoch [1-9]");
        assertThat(CsvRows.read(trial(sweep, 0).resolve("metrics.csv")).stream().map(r -> r.get("epoch").intValue()))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
        assertThat(runJson(trial(sweep, 1)).get("resumes")).as("the other task ran once").isNullOrEmpty();
        assertThat(slurm.records(job + "_0").get(0).get("Restarts")).isEqualTo("1");

        // a requeue after the trial ended starts the task again: it finds the trial done and trains nothing
        String before = Files.readString(trial(sweep, 1).resolve("metrics.csv"));
        slurm.slurm("scontrol", "requeue", job + "_1");
        awaitTrue(120, () -> {
            try {
                return Files.readString(sweep.resolve("logs/slurm-" + job + "_1.txt")).contains("restart 1");
            } catch (IOException e) {
                return false;
            }
        }, "the finished task to run again");
        slurm.awaitIdle(120);
        assertThat(Files.readString(trial(sweep, 1).resolve("metrics.csv"))).isEqualTo(before);
        assertThat(runJson(trial(sweep, 1)).get("status").asText()).isEqualTo("completed");
        assertThat(Files.readString(sweep.resolve("logs/slurm-" + job + "_1.txt"))).contains("nothing to train");
    }

    @Test
    void aFailingTrialIsFailedWithItsReasonAndTheOthersComplete() throws Exception {
        var result = dlx("sweep", "--config", write("xor.yaml", XOR).toString(), "--param",
                "model.layers[0].units=[4,0]", "--strategy", "grid", "--parallel", "2", "--launcher", "slurm",
                "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.console()).isEqualTo(ExitCodes.FAILED);
        Path sweep = onlyFolder(dir.resolve("runs"));
        List<String> board = Files.readAllLines(sweep.resolve("leaderboard.csv"));
        assertThat(board).hasSize(3);
        assertThat(board.get(1)).startsWith("1,trial-000,completed,");
        assertThat(board.get(2)).startsWith(",trial-001,failed,").endsWith(",\"--set model.layers[0].units: must be a whole"
                + " number > 0, got 0\"");
        assertThat(result.console()).contains("trial-001: failed: --set model.layers[0].units: must be a whole number")
                .contains("dlx: 1 of 2 trials failed (trial-001 failed)");
        assertThat(sweep.resolve("logs/trial-001.failed")).exists();
    }

    @Test
    void halvingQueuesEachRungAsAnArrayAfterTheOneBefore() throws Exception {
        var result = dlx("sweep", "--config", write("xor.yaml", XOR).toString(), "--param",
                "optimizer.lr=[0.001,0.01,0.3,1.0]", "--strategy", "halving", "--trials", "3", "--eta", "3",
                "--min-epochs", "1", "--seed", "3", "--parallel", "2", "--launcher", "slurm",
                "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.console()).isZero();
        Path sweep = onlyFolder(dir.resolve("runs"));
        String first = jobOf(sweep, 1);
        String second = jobOf(sweep, 2);
        assertThat(Files.readString(sweep.resolve("slurm/rung-1.sh"))).contains("--dependency=afterany:" + first)
                .contains("--array=0%2").contains("--rank");
        assertThat(slurm.records(second)).singleElement().satisfies(r -> assertThat(r.get("JobState")).isEqualTo("COMPLETED"));
        List<Integer> epochs = java.util.stream.IntStream.range(0, 3).mapToObj(i -> epochsWritten(trial(sweep, i))).toList();
        assertThat(epochs).containsExactlyInAnyOrder(1, 1, 2);
        double survivor = firstEpoch(trial(sweep, epochs.indexOf(2)));
        assertThat(java.util.stream.IntStream.range(0, 3).filter(i -> epochs.get(i) == 1)
                .mapToDouble(i -> firstEpoch(trial(sweep, i)))).allMatch(dropped -> dropped <= survivor);
        assertThat(result.console()).contains("rung of 1 epochs done: 1 of 3 trials go on");
    }

    private static double firstEpoch(Path run) {
        return CsvRows.read(run.resolve("metrics.csv")).get(0).get("val_accuracy");
    }

    @Test
    void trainThroughSlurmPrintsTheJobAndRunAndEndsLikeALocalRun() throws Exception {
        Path config = write("xor.yaml", XOR);
        var submitted = dlx("train", "--config", config.toString(), "--launcher", "slurm", "--json",
                "--runs-dir", dir.resolve("runs").toString());
        assertThat(submitted.exitCode()).as(submitted.console()).isZero();
        String console = submitted.console();
        JsonNode answer = Json.MAPPER.readTree(console.substring(console.indexOf('{'), console.lastIndexOf('}') + 1));
        Path run = Path.of(answer.get("run").asText());
        String job = answer.get("job").asText();
        assertThat(run.getParent()).isEqualTo(dir.resolve("runs").toAbsolutePath());
        slurm.awaitIdle(180);
        assertThat(slurm.records(job)).singleElement().satisfies(r -> assertThat(r.get("JobState")).isEqualTo("COMPLETED"));
        assertThat(runJson(run).get("status").asText()).isEqualTo("completed");
        assertThat(Files.readString(run.resolve("slurm/" + job + ".txt"))).contains("completed after 2 epochs");

        var local = TrainAndEvalTest.dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("local").toString());
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(numbers(run)).isEqualTo(numbers(onlyFolder(dir.resolve("local"))));
        assertThat(Json.MAPPER.readTree(run.resolve("summary.json").toFile()).get("test"))
                .isEqualTo(Json.MAPPER.readTree(onlyFolder(dir.resolve("local")).resolve("summary.json").toFile()).get("test"));
    }

}
