package dlx.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.run.Json;
import dlx.train.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** ftrl trains what it was made for, a linear model (logistic regression), through dlx's kernels and DL4J's layers. */
class FtrlTrainingTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dlx", "stock"})
    void ftrlTrainsALogisticRegression(String kernels) throws IOException {
        String yaml = """
                seed: 4
                data: {source: synthetic, kind: moons, samples: 400, noise: 0.1}
                model:
                  kernels: %s
                  layers:
                    - {type: output, units: 1, loss: binary_cross_entropy}
                optimizer: {type: ftrl, lr: 0.5, l1: 0.001}
                training: {epochs: 5, batch_size: 16}
                """.formatted(kernels);
        Experiment e = ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> List.of(2));
        var options = new TrainingRun.Options(dir.resolve("runs"), dir, List.of("test"),
                new PrintWriter(new ByteArrayOutputStream()), false);
        TrainingRun.Result result = new TrainingRun(options).run(e);

        assertThat(result.outcome().status()).isEqualTo(dlx.run.RunStatus.COMPLETED);
        JsonNode summary = Json.MAPPER.readTree(result.folder().dir().resolve("summary.json").toFile());
        // two moons are not linearly separable: a line gets most of them right, not all
        assertThat(summary.at("/test/accuracy").asDouble()).isGreaterThanOrEqualTo(0.75);
        List<String> rows = java.nio.file.Files.readAllLines(result.folder().dir().resolve("metrics.csv"));
        // ln 2 = 0.69 is a coin's loss
        assertThat(Double.parseDouble(rows.get(rows.size() - 1).split(",")[3])).as("train_loss").isLessThan(0.5);
    }
}
