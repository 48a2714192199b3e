package dlx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM (as Ctrl-C's SIGINT) stops a run after the current iteration, saves last.zip and exits 130. */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedRunSavesALoadableCheckpointAndExits130() throws Exception {
        Path config = dir.resolve("long.yaml");
        Files.writeString(config, """
                data: {source: synthetic, kind: spirals, samples: 2000}
                model: {layers: [{type: dense, units: 64}, {type: output, units: 2}]}
                training: {epochs: 100000, batch_size: 8, checkpoint: {keep_last: 0}}
                """);
        Path runs = dir.resolve("runs");
        Process process = ChildDlx.start(dir.resolve("console.txt"),
                "train", "--config", config.toString(), "--runs-dir", runs.toString());

        Path metrics = waitForEpochs(runs, process);
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String console = Files.readString(dir.resolve("console.txt"));
        assertThat(process.exitValue()).as(console).isEqualTo(ExitCodes.INTERRUPTED);
        Path run = metrics.getParent();
        assertThat(console).as("the command to go on, ready to paste").contains("to go on: dlx train --resume " + run);
        JsonNode info = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertThat(info.get("status").asText()).isEqualTo("interrupted");
        Checkpoint.Loaded last = Checkpoint.read(run.resolve("checkpoints/last.zip"));
        // 2000 examples: 400 test, 160 validation, 1440 training = 180 iterations of 8 per epoch
        assertThat(last.state().epochsCompleted()).isGreaterThanOrEqualTo(2);
        assertThat(last.state().iteration()).isGreaterThanOrEqualTo(last.state().epochsCompleted() * 180)
                .isLessThan((last.state().epochsCompleted() + 1) * 180 + 1);
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).doesNotContain("last.zip.tmp");
        }

        int epochs = last.state().epochsCompleted() + 1;
        var resumed = TrainAndEvalTest.dlx("train", "--resume", run.toString(), "--set", "training.epochs=" + epochs);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).toList();
        assertThat(rows).hasSize(epochs).doesNotHaveDuplicates().endsWith(String.valueOf(epochs));
        assertThat(rows.get(epochs - 1)).isEqualTo(String.valueOf(epochs));
        assertThat(Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aSecondSignalExitsAtOnceAndLeavesCheckpointsLoadable() throws Exception {
        Path config = dir.resolve("long.yaml");
        Files.writeString(config, """
                data: {source: synthetic, kind: spirals, samples: 2000}
                model: {layers: [{type: dense, units: 64}, {type: output, units: 2}]}
                training: {epochs: 100000, batch_size: 8, checkpoint: {keep_last: 2}}
                """);
        Path runs = dir.resolve("runs2");
        Process process = ChildDlx.start(dir.resolve("console2.txt"),
                "train", "--config", config.toString(), "--runs-dir", runs.toString());
        Path metrics = waitForEpochs(runs, process);
        ProcessHandle handle = process.toHandle();
        new ProcessBuilder("kill", "-TERM", String.valueOf(handle.pid())).start().waitFor();
        new ProcessBuilder("kill", "-TERM", String.valueOf(handle.pid())).start().waitFor();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
        JsonNode info = Json.MAPPER.readTree(metrics.getParent().resolve("run.json").toFile());
        assertThat(info.get("status").asText()).as("not running, which would read as crashed").isEqualTo("interrupted");
        assertThat(Files.readString(dir.resolve("console2.txt")))
                .contains("to go on: dlx train --resume " + metrics.getParent());
        try (Stream<Path> files = Files.list(metrics.getParent().resolve("checkpoints"))) {
            for (Path zip : files.filter(p -> p.toString().endsWith(".zip")).toList()) {
                assertThat(Checkpoint.read(zip).state().epochsCompleted()).as(zip.toString()).isPositive();
            }
        }
    }

    /** Waits until the run has written two epoch rows, so the signal lands mid-training. */
    private static Path waitForEpochs(Path runs, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.isDirectory(runs)) {
                try (Stream<Path> folders = Files.list(runs)) {
                    List<Path> metrics = folders.map(f -> f.resolve("metrics.csv")).filter(Files::exists).toList();
                    if (!metrics.isEmpty() && Files.readAllLines(metrics.get(0)).size() >= 3) {
                        return metrics.get(0);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run did not get through two epochs");
    }
}
