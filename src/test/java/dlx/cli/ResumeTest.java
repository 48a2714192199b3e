package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** dlx train --resume goes on where a run stopped, as if it had never stopped. */
class ResumeTest {
    private static final String SPIRALS = """
            name: spirals
            seed: 11
            data: {source: synthetic, kind: spirals, samples: 300, noise: 0.05}
            model:
              layers:
                - {type: dense, units: 16}
                - {type: dropout, rate: 0.2}
                - {type: output, units: 2}
            optimizer: {type: adam, lr: 0.01}
            schedule: {type: step, step_size: 1, gamma: 0.7}
            training: {epochs: 4, batch_size: 16, log_every: 7, early_stopping: {patience: 10}, record: 5}
            """;

    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path file = dir.resolve("spirals.yaml");
        Files.writeString(file, SPIRALS);
        return file;
    }

    /** metrics.csv without the timing columns. */
    private static List<String> numbers(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1))).toList();
    }

    @Test
    void aResumedRunEndsWithTheMetricsOfAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", straight.toString()).exitCode()).isZero();

        Path split = dir.resolve("split");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", split.toString(),
                "--set", "training.epochs=2").exitCode()).isZero();
        Path run = onlyRun(split);
        var resumed = dlx("train", "--resume", run.toString(), "--set", "training.epochs=4");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();

        assertThat(numbers(run)).isEqualTo(numbers(onlyRun(straight)));
        assertThat(Files.readString(run.resolve("metrics-steps.csv")))
                .isEqualTo(Files.readString(onlyRun(straight).resolve("metrics-steps.csv")));
        assertThat(Files.readString(run.resolve("layers.csv")))
                .isEqualTo(Files.readString(onlyRun(straight).resolve("layers.csv")));
        JsonNode info = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertThat(info.get("status").asText()).isEqualTo("completed");
        assertThat(info.get("resumes")).hasSize(1);
        assertThat(info.get("resumes").get(0).asText()).contains("from epoch 2, iteration");
        assertThat(Files.readString(run.resolve("config.yaml"))).contains("epochs: 4");
        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("epochs_completed").asInt()).isEqualTo(4);
    }

    /** ftrl reads the weights it updates: a resumed run must hand it the restored ones, and keep its n and z. */
    @ParameterizedTest
    @ValueSource(strings = {"{type: ftrl, lr: 0.2, l1: 0.001}", "{type: adadelta, lr: 0.5}"})
    void aResumedFtrlOrAdadeltaRunEndsWithTheMetricsOfAnUninterruptedOne(String optimizer) throws IOException {
        Path straight = dir.resolve("straight");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", straight.toString(),
                "--set", "optimizer=" + optimizer).exitCode()).isZero();
        Path split = dir.resolve("split");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", split.toString(),
                "--set", "optimizer=" + optimizer, "--set", "training.epochs=2").exitCode()).isZero();
        Path run = onlyRun(split);
        var resumed = dlx("train", "--resume", run.toString(), "--set", "training.epochs=4");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();

        assertThat(numbers(run)).isEqualTo(numbers(onlyRun(straight)));
        assertThat(Files.readString(run.resolve("metrics-steps.csv")))
                .isEqualTo(Files.readString(onlyRun(straight).resolve("metrics-steps.csv")));
    }

    @Test
    void aPlateauScheduleKeepsCountingAcrossAResume() throws IOException {
        // patience 1 and a noisy monitor: the rate is lowered several times, including right after the resume
        String[] plateau = {"--set", "schedule={type: plateau, monitor: train_loss, patience: 1, factor: 0.5}",
                "--set", "optimizer.lr=0.3"};
        Path straight = dir.resolve("straight");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", config().toString(),
                "--runs-dir", straight.toString(), "--set", "training.epochs=6"));
        args.addAll(List.of(plateau));
        assertThat(dlx(args.toArray(String[]::new)).exitCode()).isZero();

        Path split = dir.resolve("split");
        args = new java.util.ArrayList<>(List.of("train", "--config", config().toString(), "--runs-dir", split.toString(),
                "--set", "training.epochs=3"));
        args.addAll(List.of(plateau));
        assertThat(dlx(args.toArray(String[]::new)).exitCode()).isZero();
        Path run = onlyRun(split);
        assertThat(dlx("train", "--resume", run.toString(), "--set", "training.epochs=6").exitCode()).isZero();

        assertThat(numbers(run)).isEqualTo(numbers(onlyRun(straight)));
        assertThat(numbers(run).stream().map(l -> l.split(",")[2]).distinct().count())
                .as("the rate was lowered at least once").isGreaterThan(1);
    }

    @Test
    void aCosineScheduleStretchesToTheEpochsOfTheResumedRun() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(), "--set", "training.epochs=2",
                "--set", "schedule={type: cosine}", "--set", "optimizer.lr=0.02").exitCode()).isZero();
        Path run = onlyRun(runs);
        assertThat(dlx("train", "--resume", run.toString(), "--set", "training.epochs=4").exitCode()).isZero();
        List<Double> lr = Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> Double.parseDouble(line.split(",")[2])).toList();
        // epochs 1-2 ran as a 2-epoch cosine (0.02, 0.01); epochs 3-4 follow the 4-epoch one: t=2 gives
        // 0.02·(1+cos(π/2))/2 = 0.01, t=3 gives 0.02·(1+cos(3π/4))/2 ≈ 0.00293 (not 0, the old run's end)
        assertThat(lr.get(2)).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(lr.get(3)).isCloseTo(0.02 * (1 + Math.cos(3 * Math.PI / 4)) / 2, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void rowsWrittenAfterTheLastCheckpointAreNotDuplicated() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(),
                "--set", "training.epochs=2").exitCode()).isZero();
        Path run = onlyRun(runs);
        // as if the process died after writing epoch 3's row but before its checkpoint
        Files.writeString(run.resolve("metrics.csv"), "3,57,0.01,0.5,0.5,0.5,0.5,1.0,100.0\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(run.resolve("layers.csv"), "40,3,0,dense/relu,0.5,0.5,NaN,0.0,1.0,0.001\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(dlx("train", "--resume", run.toString(), "--set", "training.epochs=3").exitCode()).isZero();
        List<String> epochs = Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).toList();
        assertThat(epochs).containsExactly("1", "2", "3");
        List<String> layers = Files.readAllLines(run.resolve("layers.csv"));
        List<String> recorded = layers.stream().skip(1).map(line -> line.split(",")[0] + "," + line.split(",")[2]).toList();
        assertThat(recorded).as("(iteration, layer)").doesNotHaveDuplicates().contains("40,0", "40,1", "40,2");
        assertThat(layers).noneMatch(line -> line.endsWith("0.5,0.5,NaN,0.0,1.0,0.001"));
    }

    @Test
    void dataThatChangedSinceTheRunStartedIsRefused() throws IOException {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "a,b,label\n" + "0,0,x\n1,1,y\n".repeat(20));
        Path config = dir.resolve("csv.yaml");
        Files.writeString(config, """
                data: {source: csv, path: %s}
                model: {layers: [{type: output, units: 2}]}
                training: {epochs: 1, batch_size: 8}
                """.formatted(csv));
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config.toString(), "--runs-dir", runs.toString()).exitCode()).isZero();
        Files.writeString(csv, "a,b,label\n" + "0,0,x\n1,1,y\n".repeat(21));
        var result = dlx("train", "--resume", onlyRun(runs).toString(), "--set", "training.epochs=2");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("the data changed since the run started (fingerprint sha256:");
    }

    @Test
    void aCompletedRunResumedWithNothingToChangeTrainsNothing() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(),
                "--set", "training.epochs=1").exitCode()).isZero();
        Path run = onlyRun(runs);
        String metrics = Files.readString(run.resolve("metrics.csv"));
        String info = Files.readString(run.resolve("run.json"));

        var again = dlx("train", "--resume", run.toString()); // what a Slurm job requeued after its run ended runs
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains(run + ": already completed after 1 epoch; nothing to resume");
        assertThat(Files.readString(run.resolve("metrics.csv"))).isEqualTo(metrics);
        assertThat(Files.readString(run.resolve("run.json"))).isEqualTo(info);
    }

    @Test
    void onlyTrainingKeysCanChangeOnResume() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(),
                "--set", "training.epochs=1").exitCode()).isZero();
        Path run = onlyRun(runs);

        var model = dlx("train", "--resume", run.toString(), "--set", "model.layers[0].units=32");
        assertThat(model.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(model.err().strip()).isEqualTo("dlx: --resume: model.layers[0].units cannot change in a resumed run"
                + " (only training.* can: epochs, early_stopping, checkpoint, log_every); start a new run instead");

        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, SPIRALS.replace("lr: 0.01", "lr: 0.02"));
        var differs = dlx("train", "--resume", run.toString(), "--config", changed.toString(), "--set", "training.epochs=1");
        assertThat(differs.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(differs.err()).contains("the experiment file differs from the run's config: optimizer.lr: 0.01 → 0.02");

        Files.write(run.resolve("checkpoints/last.zip"), new byte[] {'P', 'K', 3, 4, 0});
        var damaged = dlx("train", "--resume", run.toString(), "--set", "training.epochs=2");
        assertThat(damaged.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(damaged.err().strip()).startsWith("dlx: " + run.resolve("checkpoints/last.zip") + ": not a checkpoint");

        var notARun = dlx("train", "--resume", dir.toString());
        assertThat(notARun.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(notARun.err()).contains("not a run folder (no run.json)");

        assertThat(dlx("train").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    /** Every file of a run folder with its bytes, run.lock aside (the lock's record of who last held it). */
    private static java.util.Map<String, String> contents(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run)) {
            java.util.Map<String, String> all = new java.util.TreeMap<>();
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("run.lock")).toList()) {
                all.put(run.relativize(file).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
            return all;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The zip without one entry: a checkpoint as an older dlx, which recorded no identity, saved it. */
    private static void withoutEntry(Path zip, String name) throws IOException {
        Path copy = zip.resolveSibling("copy.tmp");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(copy))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.getName().equals(name)) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    in.transferTo(out);
                }
            }
        }
        Files.move(copy, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aCheckpointCopiedFromAnotherRunIsRefusedAndTheRunIsLeftAsItWas() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.resolve("a").toString(),
                "--set", "training.epochs=2").exitCode()).isZero();
        // another name: ids hold the start time to the second, and a fast machine starts both in one second
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.resolve("b").toString(),
                "--name", "other", "--set", "training.epochs=1").exitCode()).isZero();
        Path run = onlyRun(runs.resolve("a"));
        Path other = onlyRun(runs.resolve("b"));

        // the same experiment trained again: only the checkpoint's identity tells the runs apart
        Files.copy(other.resolve("checkpoints/last.zip"), run.resolve("checkpoints/last.zip"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var before = contents(run);
        var sameConfig = dlx("train", "--resume", run.toString(), "--set", "training.epochs=4");
        assertThat(sameConfig.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sameConfig.err().strip()).isEqualTo("dlx: " + run.resolve("checkpoints/last.zip") + " belongs to run "
                + other.getFileName() + ", not to this run " + run.getFileName() + ": it was copied from another run's"
                + " folder; put this run's own last.zip back, or train that run with dlx train --resume in its own folder");
        assertThat(contents(run)).isEqualTo(before);

        // a run of the same id in another runs folder: its run.json's uid tells it apart
        Files.copy(run.resolve("checkpoints/best.zip"), run.resolve("checkpoints/last.zip"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path twin = runs.resolve("twin").resolve(run.getFileName());
        Files.createDirectories(twin.getParent());
        try (var files = Files.walk(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, twin.resolve(run.relativize(f).toString()));
            }
        }
        Path runJson = twin.resolve("run.json");
        Files.writeString(runJson, Files.readString(runJson).replaceAll("\"uid\" ?: ?\"[^\"]+\"", "\"uid\":\"another\""));
        before = contents(twin);
        var sameId = dlx("train", "--resume", twin.toString(), "--set", "training.epochs=4");
        assertThat(sameId.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sameId.err().strip()).startsWith("dlx: " + twin.resolve("checkpoints/last.zip")
                + " belongs to another run named " + run.getFileName() + " (in another runs folder)");
        assertThat(contents(twin)).isEqualTo(before);

        // a bigger network's checkpoint saved by a dlx that recorded no identity: its config gives it away
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.resolve("c").toString(),
                "--set", "training.epochs=1", "--set", "model.layers[0].units=64").exitCode()).isZero();
        Path bigger = onlyRun(runs.resolve("c")).resolve("checkpoints/last.zip");
        withoutEntry(bigger, "dlx/identity.json");
        Files.copy(bigger, run.resolve("checkpoints/last.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        before = contents(run);
        var otherConfig = dlx("train", "--resume", run.toString(), "--set", "training.epochs=4");
        assertThat(otherConfig.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(otherConfig.err().strip()).startsWith("dlx: " + run.resolve("checkpoints/last.zip")
                + " was trained with another config than this run's config.yaml (model.layers[0].units: 16 → 64)")
                .doesNotContain("\n");
        assertThat(contents(run)).isEqualTo(before);
    }

    @Test
    void aCheckpointSavedBeforeCheckpointsRecordedTheirRunStillResumes() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config().toString(), "--runs-dir", runs.toString(),
                "--set", "training.epochs=2").exitCode()).isZero();
        Path run = onlyRun(runs);
        withoutEntry(run.resolve("checkpoints/last.zip"), "dlx/identity.json");
        var resumed = dlx("train", "--resume", run.toString(), "--set", "training.epochs=3");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(4);
    }
}
