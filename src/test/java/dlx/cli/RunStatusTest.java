package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.run.Json;
import dlx.run.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run folder says about a run is what happened to it, after kills, restarts and unwritable folders. */
class RunStatusTest {
    private static final String MOONS = """
            data: {source: synthetic, kind: moons, samples: 400}
            model: {layers: [{type: dense, units: 16}, {type: output, units: 2}]}
            training: {epochs: 2, batch_size: 16}
            """;

    @TempDir
    Path dir;

    private Path trained(String... overrides) throws IOException {
        Path config = dir.resolve("moons.yaml");
        Files.writeString(config, MOONS);
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", config.toString(),
                "--runs-dir", dir.resolve("runs").toString()));
        for (String o : overrides) {
            args.addAll(List.of("--set", o));
        }
        assertThat(dlx(args.toArray(String[]::new)).exitCode()).isZero();
        return onlyRun(dir.resolve("runs"));
    }

    private static List<Path> temporaryFiles(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            return files.filter(f -> f.toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsAgainInItsOwnFolder() throws IOException {
        Path run = trained();
        // what kill -9 during the first epoch leaves: config.yaml, run.json saying running, step rows, a .tmp
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            for (Path zip : files.toList()) {
                Files.delete(zip);
            }
        }
        Files.delete(run.resolve("metrics.csv"));
        Files.delete(run.resolve("summary.json"));
        Files.writeString(run.resolve("checkpoints/last.zip.tmp"), "half a zip");
        Files.writeString(run.resolve("run.json.tmp"), "{\"id\"");
        ObjectNode info = (ObjectNode) Json.MAPPER.readTree(run.resolve("run.json").toFile());
        info.put("status", "running").put("pid", Long.MAX_VALUE).put("epochs_completed", 0).remove(List.of("ended",
                "best_epoch"));
        Files.writeString(run.resolve("run.json"), Json.MAPPER.writeValueAsString(info));

        var resumed = dlx("train", "--resume", run.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("no checkpoint had been saved: the run starts again from the beginning");
        assertThat(onlyRun(dir.resolve("runs"))).as("the same folder").isEqualTo(run);
        assertThat(Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1).map(l -> l.split(",")[0]))
                .containsExactly("1", "2");
        assertThat(Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("status").asText()).isEqualTo("completed");
        assertThat(temporaryFiles(run)).as("left by the kill, removed by the resume").isEmpty();
    }

    @Test
    void aKilledResumeLeavesNoSummaryThatContradictsRunJson() throws Exception {
        Path run = trained("training.epochs=1");
        Process resume = ChildDlx.start(dir.resolve("resume.txt"), "train", "--resume", run.toString(),
                "--set", "training.epochs=100000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && resume.isAlive()
                && !Files.readString(run.resolve("run.json")).contains("\"resumes\"")) {
            Thread.sleep(50);
        }
        resume.destroyForcibly(); // SIGKILL
        assertThat(resume.waitFor(30, TimeUnit.SECONDS)).isTrue();
        JsonNode info = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertThat(info.get("resumes")).hasSize(1);
        assertThat(StoredRun.read(run).status()).isEqualTo(dlx.run.RunStatus.CRASHED);
        if (Files.exists(run.resolve("summary.json"))) {
            assertThat(Json.MAPPER.readTree(run.resolve("summary.json").toFile()).get("status").asText())
                    .as("summary.json may only say what run.json says").isEqualTo(info.get("status").asText());
        }
    }

    @Test
    void evalInAReadOnlyRunFolderPrintsItsScoresAndSaysItCannotSaveThem() throws Exception {
        Path run = trained();
        Process bind = new ProcessBuilder("sh", "-c", "mount --bind '" + run + "' '" + run + "' && mount -o remount,ro,bind '"
                + run + "' '" + run + "'").redirectErrorStream(true).start();
        Assumptions.assumeTrue(bind.waitFor() == 0, "a read-only bind mount needs root and a mount-capable sandbox");
        try {
            var eval = dlx("eval", "--checkpoint", run.toString());
            assertThat(eval.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(eval.out()).contains("accuracy").contains("confusion matrix");
            assertThat(eval.err().strip()).isEqualTo("dlx: " + run + ": cannot save eval-test.json or report.html"
                    + " (Read-only file system); the scores above are not saved in the run folder");
        } finally {
            new ProcessBuilder("umount", run.toString()).start().waitFor();
        }
    }
}
