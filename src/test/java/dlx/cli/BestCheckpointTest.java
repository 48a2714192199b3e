package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The best epoch recorded anywhere (summary.json, run.json, dlx runs) is the epoch whose weights best.zip holds,
 * also after a kill or a full disk between writing last.zip and best.zip.
 */
class BestCheckpointTest {
    @TempDir
    Path dir;

    /** Two epochs of a run whose training loss, which picks best.zip, falls: epoch 2 is the best. */
    private Path trainedRun() throws IOException {
        Path config = dir.resolve("spirals.yaml");
        Files.writeString(config, """
                seed: 5
                data: {source: synthetic, kind: spirals, samples: 400}
                model: {layers: [{type: dense, units: 16}, {type: output, units: 2}]}
                optimizer: {type: adam, lr: 0.01}
                training: {epochs: 2, batch_size: 16, checkpoint: {keep_last: 0, best: train_loss}}
                """);
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config.toString(), "--runs-dir", runs.toString()).exitCode()).isZero();
        Path run = onlyRun(runs);
        assertThat(Checkpoint.readHeader(run.resolve("checkpoints/last.zip")).state().bestEpoch()).isEqualTo(2);
        return run;
    }

    /** run.json as a process killed in the middle of its run leaves it: running, its process gone. */
    private static void asIfKilled(Path run) throws IOException {
        ObjectNode info = (ObjectNode) Json.MAPPER.readTree(run.resolve("run.json").toFile());
        info.put("status", "running").put("pid", Long.MAX_VALUE).put("best_epoch", 1).remove("ended");
        Files.writeString(run.resolve("run.json"), Json.MAPPER.writeValueAsString(info));
        Files.delete(run.resolve("summary.json"));
    }

    private static int epochInBestZip(Path run) {
        return Checkpoint.readHeader(run.resolve("checkpoints/best.zip")).state().epochsCompleted();
    }

    private static void assertEverythingNamesTheEpochInBestZip(Path run) throws IOException {
        int held = epochInBestZip(run);
        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("best_epoch").asInt()).isEqualTo(held);
        assertThat(Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("best_epoch").asInt()).isEqualTo(held);
        var eval = dlx("eval", "--checkpoint", run.resolve("checkpoints/best.zip").toString(), "--json");
        assertThat(summary.at("/test/accuracy").asDouble())
                .isEqualTo(Json.MAPPER.readTree(eval.out()).at("/classification/accuracy").asDouble());
        var listed = dlx("runs", "list", "--runs-dir", run.getParent().toString(), "--json");
        assertThat(Json.MAPPER.readTree(listed.out()).get(0).get("best_epoch").asInt()).isEqualTo(held);
    }

    @Test
    void aKillWhileBestZipIsWrittenLeavesNoOtherEpochsScoresBehind() throws IOException {
        Path run = trainedRun();
        // killed while epoch 2's best.zip.tmp was half written: best.zip still holds epoch 1
        byte[] epochOne = Files.readAllBytes(run.resolve("checkpoints/best.zip"));
        Path holdingOne = dir.resolve("epoch-1-best.zip");
        assertThat(dlx("train", "--config", dir.resolve("spirals.yaml").toString(), "--runs-dir",
                dir.resolve("one").toString(), "--set", "training.epochs=1").exitCode()).isZero();
        Files.copy(onlyRun(dir.resolve("one")).resolve("checkpoints/best.zip"), holdingOne);
        Files.write(run.resolve("checkpoints/best.zip.tmp"), java.util.Arrays.copyOf(epochOne, epochOne.length / 3));
        copyAsThisRunsEpochOne(holdingOne, run);
        asIfKilled(run);

        var listed = dlx("runs", "list", "--runs-dir", run.getParent().toString(), "--json");
        assertThat(Json.MAPPER.readTree(listed.out()).get(0).get("best_epoch").asInt())
                .as("dlx runs, before the resume").isEqualTo(1);

        var resumed = dlx("train", "--resume", run.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(epochInBestZip(run)).as("epoch 2's weights were still in last.zip").isEqualTo(2);
        assertEverythingNamesTheEpochInBestZip(run);
        assertThat(run.resolve("checkpoints/best.zip.tmp")).doesNotExist();
    }

    @Test
    void aFullDiskAtTheFirstBestZipLeavesARunThatEndsWithBestZipAndTestScores() throws IOException {
        Path run = trainedRun();
        Files.delete(run.resolve("checkpoints/best.zip")); // the write failed: writeAtomically removed its .tmp
        asIfKilled(run);
        var resumed = dlx("train", "--resume", run.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(epochInBestZip(run)).as("epoch 2's weights were still in last.zip").isEqualTo(2);
        assertEverythingNamesTheEpochInBestZip(run);
    }

    /**
     * best.zip as it was after epoch 1 of this very run: the epoch-1 checkpoint of an identical run (same seed,
     * same data), with this run's identity, as this run would have written it.
     */
    private static void copyAsThisRunsEpochOne(Path epochOne, Path run) throws IOException {
        Path target = run.resolve("checkpoints/best.zip");
        Files.copy(epochOne, target, StandardCopyOption.REPLACE_EXISTING);
        Checkpoint.Loaded loaded = Checkpoint.read(target);
        Checkpoint.write(target, loaded.network(), loaded.experiment(), loaded.state(), loaded.preprocessing(),
                run.getFileName().toString(), null);
    }
}
