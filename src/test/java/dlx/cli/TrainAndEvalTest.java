package dlx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx train and dlx eval as a user runs them: a config in, a complete run folder out. */
class TrainAndEvalTest {
    private static final String XOR = """
            name: xor
            seed: 3
            data: {source: synthetic, kind: xor, samples: 200, noise: 0.15, validation_split: 0.2, normalize: none}
            model:
              layers:
                - {type: dense, units: 8, activation: tanh, init: xavier}
                - {type: output, units: 2}
            optimizer: {type: sgd, lr: 0.5}
            training: {epochs: 4, batch_size: 16, log_every: 5, checkpoint: {keep_last: 2}}
            """;

    @TempDir
    Path dir;

    /** Runs dlx in this JVM and returns exit code, stdout and stderr. */
    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome dlx(String... args) {
        // picocli's setOut/setErr, not System.setOut: tests then share no global streams and may run in parallel
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** The one folder in {@code runs}; fails if there is not exactly one. */
    static Path onlyRun(Path runs) throws IOException {
        try (Stream<Path> folders = Files.list(runs)) {
            List<Path> all = folders.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void trainingWritesEveryFileOfTheRunFolder() throws IOException {
        Path runs = dir.resolve("runs");
        Outcome result = dlx("train", "--config", write("xor.yaml", XOR).toString(), "--runs-dir", runs.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        Path run = onlyRun(runs);
        assertThat(run.getFileName().toString()).matches("\\d{8}-\\d{6}-xor");
        assertThat(result.out()).contains(run.toString()).contains("completed after 4 epochs").contains("test accuracy");

        assertThat(Files.readString(run.resolve("config.yaml"))).contains("seed: 3").contains("activation: softmax");
        JsonNode info = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertThat(info.get("status").asText()).isEqualTo("completed");
        assertThat(info.get("seed").asLong()).isEqualTo(3);
        assertThat(info.get("parameters").asLong()).isEqualTo(2 * 8 + 8 + 8 * 2 + 2);
        assertThat(info.get("dataset_fingerprint").asText()).startsWith("sha256:");
        assertThat(info.get("epochs_completed").asInt()).isEqualTo(4);

        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(metrics.get(0)).isEqualTo(
                "epoch,iteration,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds,samples_per_s");
        assertThat(metrics).hasSize(5);
        assertThat(metrics.get(4)).startsWith("4,");
        // 200 examples: 40 test, 32 validation, 128 training = 8 batches of 16 per epoch
        assertThat(metrics.get(1)).startsWith("1,8,0.5,");
        List<String> steps = Files.readAllLines(run.resolve("metrics-steps.csv"));
        assertThat(steps.get(0)).isEqualTo("iteration,epoch,lr,loss");
        // every 5th of 32 iterations, and each epoch's last (8, 16, 24, 32) unless it is one of those
        assertThat(steps.stream().skip(1).map(l -> l.split(",")[0])).containsExactly(
                "5", "8", "10", "15", "16", "20", "24", "25", "30", "32");

        assertThat(run.resolve("checkpoints")).isDirectoryContaining("glob:**/last.zip")
                .isDirectoryContaining("glob:**/best.zip").isDirectoryContaining("glob:**/epoch-0004.zip")
                .isDirectoryContaining("glob:**/epoch-0003.zip").isDirectoryNotContaining("glob:**/epoch-0002.zip")
                .isDirectoryNotContaining("glob:**/*.tmp");

        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("completed");
        assertThat(summary.get("best_metric").asText()).isEqualTo("val_accuracy");
        assertThat(summary.at("/test/accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(run.resolve("eval-test.json")).exists();
        for (String plot : List.of("loss", "accuracy", "lr")) {
            assertThat(Files.readAllBytes(run.resolve("plots/" + plot + ".png"))).startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(run.resolve("plots/" + plot + ".svg"))).contains("<svg");
        }
        assertThat(Files.readString(run.resolve("train.log"))).contains("backend cpu").contains("training ended: completed");
    }

    @Test
    void evalScoresTheBestCheckpointAndWritesItIntoTheRunFolder() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", write("xor.yaml", XOR).toString(), "--runs-dir", runs.toString())
                .exitCode()).isZero();
        Path run = onlyRun(runs);

        Outcome eval = dlx("eval", "--checkpoint", run.toString(), "--split", "val", "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(eval.out());
        assertThat(report.get("split").asText()).isEqualTo("val");
        assertThat(report.get("examples").asInt()).isEqualTo(32);
        assertThat(report.at("/classification/confusion").size()).isEqualTo(2);
        assertThat(run.resolve("eval-val.json")).exists();

        Outcome table = dlx("eval", "--checkpoint", run.resolve("checkpoints/last.zip").toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("accuracy").contains("confusion matrix");
    }

    @Test
    void theSameConfigAndSeedGiveTheSameLosses() throws IOException {
        Path config = write("xor.yaml", XOR);
        assertThat(dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("a").toString()).exitCode()).isZero();
        assertThat(dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("b").toString()).exitCode()).isZero();
        assertThat(lossColumns(onlyRun(dir.resolve("a")))).isEqualTo(lossColumns(onlyRun(dir.resolve("b"))));
        assertThat(Files.readString(onlyRun(dir.resolve("a")).resolve("metrics-steps.csv")))
                .isEqualTo(Files.readString(onlyRun(dir.resolve("b")).resolve("metrics-steps.csv")));
    }

    /** Everything of metrics.csv but the timings. */
    private static List<String> lossColumns(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1))).toList();
    }

    @Test
    void theLrColumnShowsTheRateTheScheduleGave() throws IOException {
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", write("xor.yaml", XOR).toString(), "--runs-dir", runs.toString(),
                "--set", "schedule={type: step, step_size: 1, gamma: 0.5}").exitCode()).isZero();
        List<String> lr = Files.readAllLines(onlyRun(runs).resolve("metrics.csv")).stream().skip(1)
                .map(line -> line.split(",")[2]).toList();
        assertThat(lr).containsExactly("0.5", "0.25", "0.125", "0.0625");
        List<String> steps = Files.readAllLines(onlyRun(runs).resolve("metrics-steps.csv"));
        assertThat(steps.get(1)).as("iteration 5 is in epoch 1").startsWith("5,1,0.5,");
        assertThat(steps.get(2)).as("iteration 8 ends epoch 1").startsWith("8,1,0.5,");
        assertThat(steps.get(3)).as("iteration 10 is in epoch 2").startsWith("10,2,0.25,");
    }

    @Test
    void aRegressionRunRecordsErrorsInsteadOfAccuracy() throws IOException {
        String sine = """
                data: {source: synthetic, kind: sine, samples: 200, noise: 0.05}
                model:
                  layers:
                    - {type: dense, units: 16, activation: tanh}
                    - {type: output, units: 1, loss: mse}
                optimizer: {type: adam, lr: 0.01}
                training: {epochs: 3, batch_size: 16}
                """;
        Path runs = dir.resolve("runs");
        Outcome result = dlx("train", "--config", write("sine.yaml", sine).toString(), "--runs-dir", runs.toString(), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode out = Json.MAPPER.readTree(result.out());
        assertThat(out.get("status").asText()).isEqualTo("completed");
        assertThat(out.at("/summary/best_metric").asText()).isEqualTo("val_loss");
        assertThat(out.at("/summary/test/rmse").isNumber()).isTrue();
        Path run = Path.of(out.get("run").asText());
        assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0))
                .isEqualTo("epoch,iteration,lr,train_loss,val_loss,val_mae,val_rmse,seconds,samples_per_s");
    }

    @Test
    void earlyStoppingEndsTheRunAndSaysWhy() throws IOException {
        Path runs = dir.resolve("runs");
        Outcome result = dlx("train", "--config", write("xor.yaml", XOR).toString(), "--runs-dir", runs.toString(),
                "--set", "training.epochs=30", "--set", "optimizer.lr=0.0001",
                "--set", "training.early_stopping={monitor: val_accuracy, patience: 2, min_delta: 0.5}");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("stopped early at epoch 3: val_accuracy has not improved");
        JsonNode summary = Json.MAPPER.readTree(onlyRun(runs).resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("stopped-early");
        assertThat(summary.get("epochs_completed").asInt()).isEqualTo(3);
    }

    @Test
    void aDivergingRunStopsWithExitOneAndKeepsItsLastGoodCheckpoint() throws IOException {
        Path runs = dir.resolve("runs");
        String sine = """
                data: {source: synthetic, kind: sine, samples: 200}
                model: {layers: [{type: dense, units: 16}, {type: output, units: 1}]}
                optimizer: {type: sgd, lr: 1.0e+6}
                training: {epochs: 3, batch_size: 16}
                """;
        Outcome result = dlx("train", "--config", write("sine.yaml", sine).toString(), "--runs-dir", runs.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("diverged: the loss became").contains("try a lower optimizer.lr");
        JsonNode info = Json.MAPPER.readTree(onlyRun(runs).resolve("run.json").toFile());
        assertThat(info.get("status").asText()).isEqualTo("diverged");
    }

    @Test
    void userMistakesAreOneLineAndExitTwo() throws IOException {
        Outcome missing = dlx("train", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err().strip()).isEqualTo("dlx: " + dir.resolve("nope.yaml") + ": no such file");

        Outcome bad = dlx("train", "--config", write("xor.yaml", XOR).toString(), "--set", "model.layers[1].units=3",
                "--runs-dir", dir.resolve("runs").toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err().strip()).isEqualTo("dlx: --set model.layers[1].units: 3 but the data has 2 classes (0, 1)");
        assertThat(dir.resolve("runs")).doesNotExist();

        Outcome noRun = dlx("eval", "--checkpoint", dir.toString());
        assertThat(noRun.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(noRun.err()).doesNotContain("Exception").contains("no checkpoints/best.zip");

        Path junk = write("junk.zip", "not a zip");
        Outcome notZip = dlx("eval", "--checkpoint", junk.toString());
        assertThat(notZip.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(notZip.err()).contains("junk.zip: not a checkpoint");

        Outcome flag = dlx("train", "--bogus");
        assertThat(flag.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(flag.err().strip()).isEqualTo("dlx: Unknown option: '--bogus' (see 'dlx train --help')");
    }
}
