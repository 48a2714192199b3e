package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx gradcheck as a user runs it: an experiment file in, a table and a verdict out, the exit code saying which. */
class GradcheckCommandTest {
    private static final String NETWORK = """
            seed: 5
            data: {source: synthetic, kind: moons, samples: 100}
            model:
              layers:
                - {type: dense, units: 6, activation: tanh}
                - {type: dropout, rate: 0.3}
                - {type: dense, units: 5, activation: sigmoid}
                - {type: batchnorm}
                - {type: output, units: 2}
            regularization: {l2: 0.001}
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aShippedConfigPassesWithARowPerLayerAndParameter() {
        TrainAndEvalTest.Outcome result = dlx("gradcheck", "--config", "configs/xor.yaml");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("gradient check of configs/xor.yaml: 4 examples of the training split")
                .containsPattern("layers\\[0\\] +dense/tanh +W +16 +16 ")
                .containsPattern("layers\\[0\\] +dense/tanh +b +8 +8 ")
                .containsPattern("layers\\[1\\] +output/softmax +W +16 +16 ")
                .containsPattern("layers\\[1\\] +output/softmax +b +2 +2 ")
                .contains("passed: all 42 checked values agree");
    }

    @Test
    void whatTheCheckLeavesOutIsNamed() throws IOException {
        TrainAndEvalTest.Outcome result = dlx("gradcheck", "--config", write(NETWORK).toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("not checked: layers[1] dropout (rate 0.3): off during the check")
                .contains("not checked: layers[3] batchnorm: its running mean and variance")
                .contains("not checked: regularization (l2 0.001)")
                .containsPattern("layers\\[3\\] +batchnorm +gamma +5 +5 ")
                .doesNotContainPattern("layers\\[3\\] +batchnorm +mean");
    }

    @Test
    void jsonGivesTheVerdictAndEveryRow() throws IOException {
        TrainAndEvalTest.Outcome result = dlx("gradcheck", "--config", write(NETWORK).toString(), "--json", "--per-param", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(result.out());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("threshold").asDouble()).isEqualTo(1e-3);
        assertThat(report.get("rows")).hasSize(8); // W and b of three layers, gamma and beta
        for (JsonNode row : report.get("rows")) {
            assertThat(row.get("checked").asInt()).isEqualTo(Math.min(3, row.get("values").asInt()));
            assertThat(row.get("max_error").asDouble()).isLessThan(1e-3);
        }
        assertThat(report.get("unchecked")).hasSize(3);
    }

    @Test
    void oneSigmoidOutputWithBinaryCrossEntropyIsChecked() throws IOException {
        TrainAndEvalTest.Outcome result = dlx("gradcheck", "--config", write(NETWORK.replace("{type: output, units: 2}",
                "{type: output, units: 1, loss: binary_cross_entropy}")).toString(), "--examples", "10");
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("10 examples").containsPattern("layers\\[4\\] +output/sigmoid +W +5 +5 ");
    }

    @Test
    void aCheckThatFailsExitsOne() {
        TrainAndEvalTest.Outcome result = dlx("gradcheck", "--config", "configs/xor.yaml", "--threshold", "1e-30");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).contains("FAILED: ").contains("checked values have a relative error above 1.0e-30");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        TrainAndEvalTest.Outcome examples = dlx("gradcheck", "--config", "configs/xor.yaml", "--examples", "0");
        assertThat(examples.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(examples.err().strip()).isEqualTo("dlx: --examples: must be > 0, got 0");

        TrainAndEvalTest.Outcome missing = dlx("gradcheck", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err().strip()).isEqualTo("dlx: " + dir.resolve("nope.yaml") + ": no such file");

        TrainAndEvalTest.Outcome classes = dlx("gradcheck", "--config", write(NETWORK).toString(),
                "--set", "model.layers[4].units=3");
        assertThat(classes.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(classes.err().strip()).isEqualTo("dlx: model.layers[4].units: 3 but the data has 2 classes (0, 1)");
    }
}
