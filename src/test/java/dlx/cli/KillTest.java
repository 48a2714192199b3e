package dlx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.run.Checkpoint;
import dlx.run.Json;
import dlx.run.RunFolder;
import dlx.run.RunInfo;
import dlx.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 at any moment, checkpoint writes included, leaves every checkpoint loadable and the run resumable. */
class KillTest {
    @TempDir
    Path dir;

    @Test
    void checkpointsSurviveKillNineAtRandomMoments() throws Exception {
        Path config = dir.resolve("long.yaml");
        // a checkpoint every few milliseconds: a kill often lands inside a write
        Files.writeString(config, """
                data: {source: synthetic, kind: moons, samples: 400}
                model: {layers: [{type: dense, units: 256}, {type: dense, units: 256}, {type: output, units: 2}]}
                training: {epochs: 100000, batch_size: 64, checkpoint: {keep_last: 2}}
                """);
        Random random = new Random(2026);
        for (int round = 0; round < 3; round++) {
            Path runs = dir.resolve("runs-" + round);
            Process process = ChildDlx.start(dir.resolve("console-" + round + ".txt"),
                    "train", "--config", config.toString(), "--runs-dir", runs.toString());
            waitForCheckpoint(runs, process);
            Thread.sleep(random.nextInt(1500));
            process.destroyForcibly(); // SIGKILL
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Path run;
            try (Stream<Path> folders = Files.list(runs)) {
                run = folders.findFirst().orElseThrow();
            }
            try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
                List<Path> zips = files.filter(p -> p.toString().endsWith(".zip")).toList();
                assertThat(zips).isNotEmpty();
                for (Path zip : zips) {
                    assertThat(Checkpoint.read(zip).state().epochsCompleted()).as(zip.toString()).isPositive();
                }
            }
            assertThat(RunInfo.readFrom(RunFolder.open(run)).currentStatus()).isEqualTo(RunStatus.CRASHED);
            assertThat(Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("status").asText()).isEqualTo("running");

            if (round == 0) {
                int done = Checkpoint.read(run.resolve("checkpoints/last.zip")).state().epochsCompleted();
                var resumed = TrainAndEvalTest.dlx("train", "--resume", run.toString(),
                        "--set", "training.epochs=" + (done + 1));
                assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            }
        }
    }

    private static void waitForCheckpoint(Path runs, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.isDirectory(runs)) {
                try (Stream<Path> folders = Files.list(runs)) {
                    if (folders.anyMatch(f -> Files.exists(f.resolve("checkpoints/last.zip")))) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint was written");
    }
}
