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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The notes' losses train as a user writes them, with dlx's kernels and with DL4J's own layers. */
class LossTrainingTest {
    private static final String XOR = """
            seed: 3
            data: {source: synthetic, kind: xor, samples: 200, noise: 0.15, validation_split: 0.2, normalize: none}
            model:
              kernels: %s
              layers:
                - {type: dense, units: 8, activation: tanh, init: xavier}
                - %s
            optimizer: {type: sgd, lr: 0.5}
            training: {epochs: 6, batch_size: 16}
            """;
    private static final String SINE = """
            seed: 3
            data: {source: synthetic, kind: sine, samples: 200, noise: 0.05}
            model:
              kernels: %s
              layers:
                - {type: dense, units: 16, activation: tanh}
                - {type: output, units: 1, loss: %s}
            optimizer: {type: adam, lr: 0.03}
            training: {epochs: 6, batch_size: 16}
            """;

    @TempDir
    Path dir;

    private JsonNode train(String config) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, config);
        TrainAndEvalTest.Outcome result = dlx("train", "--config", file.toString(), "--runs-dir", dir.resolve("runs").toString(),
                "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Json.MAPPER.readTree(result.out());
    }

    /** train_loss of each epoch, from metrics.csv. */
    private static List<Double> trainLosses(Path run) throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        int column = List.of(rows.get(0).split(",")).indexOf("train_loss");
        return rows.stream().skip(1).map(row -> Double.parseDouble(row.split(",")[column])).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dlx", "stock"})
    void aOneSigmoidBinaryClassifierIsTrainedAndScoredLikeAnyClassifier(String kernels) throws IOException {
        JsonNode out = train(XOR.formatted(kernels, "{type: output, units: 1, loss: binary_cross_entropy}"));
        Path run = Path.of(out.get("run").asText());

        assertThat(Files.readString(run.resolve("config.yaml"))).contains("activation: sigmoid");
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(metrics.get(0)).startsWith("epoch,iteration,lr,train_loss,train_accuracy,val_loss,val_accuracy");
        String last = metrics.get(metrics.size() - 1);
        assertThat(Double.parseDouble(last.split(",")[6])).as("val_accuracy of " + last).isGreaterThan(0.9);
        assertThat(out.at("/summary/test/accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(out.at("/summary/test/macro_f1").asDouble()).isGreaterThan(0.9);
        assertThat(trainLosses(run).get(5)).isLessThan(trainLosses(run).get(0));

        TrainAndEvalTest.Outcome eval = dlx("eval", "--checkpoint", run.toString(), "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(eval.out());
        JsonNode confusion = report.at("/classification/confusion");
        assertThat(confusion.size()).isEqualTo(2);
        assertThat(confusion.get(0).get(0).asInt() + confusion.get(0).get(1).asInt() + confusion.get(1).get(0).asInt()
                + confusion.get(1).get(1).asInt()).isEqualTo(report.get("examples").asInt());
        assertThat(report.at("/classification/accuracy").asDouble()).isEqualTo(out.at("/summary/test/accuracy").asDouble());
    }

    @ParameterizedTest
    @CsvSource({"dlx, sse", "stock, sse", "dlx, hinge", "dlx, cross_entropy"})
    void classificationLossesLearnXor(String kernels, String loss) throws IOException {
        JsonNode out = train(XOR.formatted(kernels, "{type: output, units: 2, loss: " + loss + "}"));
        Path run = Path.of(out.get("run").asText());
        assertThat(out.at("/summary/test/accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(trainLosses(run).get(5)).isLessThan(trainLosses(run).get(0));
    }

    @ParameterizedTest
    @CsvSource({"dlx, rmse", "stock, rmse", "dlx, sse", "stock, sse", "dlx, mae", "dlx, mse"})
    void regressionLossesFitASine(String kernels, String loss) throws IOException {
        JsonNode out = train(SINE.formatted(kernels, loss));
        Path run = Path.of(out.get("run").asText());
        List<Double> losses = trainLosses(run);
        assertThat(losses.get(5)).as(loss + " per epoch " + losses).isLessThan(0.8 * losses.get(0));
        if (loss.equals("rmse")) {
            // the loss of the whole training split is its RMSE; summary's test rmse is the same measure on the test split
            assertThat(out.at("/summary/test/loss").asDouble()).isEqualTo(out.at("/summary/test/rmse").asDouble(),
                    org.assertj.core.api.Assertions.within(1e-6));
        }
    }
}
