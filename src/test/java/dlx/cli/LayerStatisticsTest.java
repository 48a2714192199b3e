package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.run.CsvRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** training.record: layers.csv as a user reads it, its numbers checked against hand computations. */
class LayerStatisticsTest {
    /**
     * Every example is x = (1, 1) with target 0, and every weight starts at 0.5 (biases at 0), so the
     * first step can be worked out by hand: 20 training examples, 5 batches of 4.
     */
    private static final String CONSTANT = """
            name: constant
            data: {source: csv, path: ones.csv, label: y, task: regression, validation_split: 0, normalize: none}
            model:
              layers:
                - {type: dense, units: 3, activation: sigmoid, init: {type: constant, value: 0.5}}
                - {type: output, units: 1, loss: mse, init: {type: constant, value: 0.5}}
            optimizer: {type: sgd, lr: 0.1}
            training: {epochs: 1, batch_size: 4, record: 1}
            """;

    @TempDir
    Path dir;

    /** Trains CONSTANT with {@code sets} applied; returns the run folder. */
    private Path train(String... sets) throws IOException {
        Files.writeString(dir.resolve("ones.csv"), "a,b,y\n" + "1,1,0\n".repeat(25));
        Files.writeString(dir.resolve("constant.yaml"), CONSTANT.replace("ones.csv", dir.resolve("ones.csv").toString()));
        List<String> args = new ArrayList<>(List.of("train", "--config", dir.resolve("constant.yaml").toString(),
                "--runs-dir", dir.resolve("runs").toString()));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        var result = dlx(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return onlyRun(dir.resolve("runs"));
    }

    @Test
    void theFirstStepsStatisticsAreTheHandComputedOnes() throws IOException {
        Path run = train();

        List<String> lines = Files.readAllLines(run.resolve("layers.csv"));
        assertThat(lines.get(0)).isEqualTo("iteration,epoch,layer,type,act_mean,act_std,saturated,dead,grad_norm,update_ratio");
        assertThat(lines).hasSize(1 + 5 * 2);
        assertThat(lines.get(1)).startsWith("1,1,0,dense/sigmoid,");
        assertThat(lines.get(2)).startsWith("1,1,1,output/identity,");
        List<Map<String, Double>> rows = CsvRows.read(run.resolve("layers.csv"));

        double h = 1 / (1 + Math.exp(-1));            // each hidden unit: sigmoid(0.5·1 + 0.5·1)
        double error = 3 * 0.5 * h;                   // prediction − target
        double dLoss = 2 * error;                     // d(mse)/d(prediction), the same for every example
        Map<String, Double> hidden = rows.get(0);
        assertThat(hidden.get("act_mean")).isCloseTo(h, within(1e-6));
        assertThat(hidden.get("act_std")).isCloseTo(0, within(1e-6));
        assertThat(hidden.get("saturated")).isZero();
        assertThat(hidden.get("dead")).as("not a relu layer").isNaN();
        // 6 weights and 3 biases, each dLoss · 0.5 · h(1 − h): the gradient of the batch's mean loss
        double hiddenGradient = 3 * dLoss * 0.5 * h * (1 - h);
        assertThat(hidden.get("grad_norm")).isCloseTo(hiddenGradient, within(1e-5));
        // plain SGD: the update is lr · gradient; the weights' norm before it is √(6 · 0.5²)
        assertThat(hidden.get("update_ratio")).isCloseTo(0.1 * hiddenGradient / Math.sqrt(1.5), within(1e-6));

        Map<String, Double> output = rows.get(1);
        assertThat(output.get("act_mean")).as("the output layer's activations are the predictions: not recorded").isNaN();
        double outputGradient = dLoss * Math.sqrt(3 * h * h + 1);   // 3 weights dLoss·h, 1 bias dLoss
        assertThat(output.get("grad_norm")).isCloseTo(outputGradient, within(1e-5));
        assertThat(output.get("update_ratio")).isCloseTo(0.1 * outputGradient / Math.sqrt(0.75), within(1e-6));

        assertThat(rows.get(2).get("iteration")).isEqualTo(2);
        assertThat(rows.get(2).get("act_mean")).as("the weights moved").isLessThan(h);

        assertThat(Files.readString(run.resolve("report.html"))).contains("<h2>layer statistics</h2>")
                .contains("recorded every 1 iterations");
    }

    @Test
    void reluUnitsThatNeverFireAreDeadAndGetNoGradient() throws IOException {
        Path run = train("model.layers[0].activation=relu", "model.layers[0].init={type: constant, value: -0.5}",
                "training.record=2");

        List<Map<String, Double>> rows = CsvRows.read(run.resolve("layers.csv"));
        assertThat(rows).extracting(r -> r.get("iteration")).containsExactly(2.0, 2.0, 4.0, 4.0);
        Map<String, Double> hidden = rows.get(0);
        assertThat(hidden.get("dead")).isEqualTo(1.0);
        assertThat(hidden.get("act_mean")).isZero();
        assertThat(hidden.get("saturated")).as("not a sigmoid or tanh layer").isNaN();
        assertThat(hidden.get("grad_norm")).isZero();
        assertThat(hidden.get("update_ratio")).isZero();
    }

    @Test
    void saturatedSigmoidAndTanhUnitsAreCounted() throws IOException {
        // 3·1 + 3·1 = 6 into every unit: sigmoid(6) = 0.9975, tanh(6) = 0.99999
        for (String activation : List.of("sigmoid", "tanh")) {
            Path run = train("model.layers[0].activation=" + activation, "model.layers[0].init={type: constant, value: 3}",
                    "name=" + activation);
            assertThat(CsvRows.read(run.resolve("layers.csv")).get(0).get("saturated")).as(activation).isEqualTo(1.0);
            deleteRuns();
        }
    }

    @Test
    void recordingChangesNoNumberOfTheRun() throws IOException {
        Path config = dir.resolve("spirals.yaml");
        Files.writeString(config, """
                data: {source: synthetic, kind: spirals, samples: 200}
                model: {layers: [{type: dense, units: 16}, {type: dropout, rate: 0.3}, {type: output, units: 2}]}
                training: {epochs: 2, batch_size: 16, log_every: 1}
                """);
        for (String record : List.of("null", "1")) {
            assertThat(dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("record-" + record).toString(),
                    "--set", "training.record=" + record).exitCode()).isZero();
        }
        assertThat(onlyRun(dir.resolve("record-null")).resolve("layers.csv")).doesNotExist();
        assertThat(Files.readString(onlyRun(dir.resolve("record-1")).resolve("metrics-steps.csv")))
                .isEqualTo(Files.readString(onlyRun(dir.resolve("record-null")).resolve("metrics-steps.csv")));
    }

    @Test
    void aBadRecordValueIsOneLineAndExit2() throws IOException {
        Files.writeString(dir.resolve("ones.csv"), "a,b,y\n" + "1,1,0\n".repeat(25));
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, CONSTANT.replace("ones.csv", dir.resolve("ones.csv").toString())
                .replace("record: 1}", "record: often}"));
        var result = dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("dlx: " + config + ":8:38: training.record: expected a whole number, got 'often'\n");
        result = dlx("train", "--config", config.toString(), "--set", "training.record={every: 0}");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("dlx: --set training.record.every: must be a whole number > 0, got 0\n");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    private void deleteRuns() throws IOException {
        try (var files = Files.walk(dir.resolve("runs"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
