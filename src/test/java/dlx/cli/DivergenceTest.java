package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that blows up ends diverged with exit 1, whether its loss turns NaN or its softmax hides it. */
class DivergenceTest {
    @TempDir
    Path dir;

    private static JsonNode runJson(Path runs) throws IOException {
        return Json.MAPPER.readTree(onlyRun(runs).resolve("run.json").toFile());
    }

    @Test
    void aClassifierWhoseWeightsBlowUpBehindAClippedLossEndsDivergedNotCompleted() throws IOException {
        Path config = dir.resolve("spirals.yaml");
        // the softmax saturates and the clipped loss stays finite: only the weights (1e11) tell
        Files.writeString(config, """
                data: {source: synthetic, kind: spirals, samples: 400}
                model: {layers: [{type: dense, units: 32}, {type: output, units: 2}]}
                optimizer: {type: sgd, lr: 1.0e+6}
                training: {epochs: 3, batch_size: 16}
                """);
        Path runs = dir.resolve("runs");
        var result = dlx("train", "--config", config.toString(), "--runs-dir", runs.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("diverged: a weight of model.layers[0] reached ")
                .contains(" at iteration 10 (epoch 1, lr 1000000.0)")
                .contains("No checkpoint had been saved yet.").doesNotContain("last good");
        assertThat(runJson(runs).get("status").asText()).isEqualTo("diverged");
        assertThat(onlyRun(runs).resolve("checkpoints")).isEmptyDirectory();
    }

    @Test
    void theQuickstartWithSgdAtAMillionEndsDivergedNamingTheIteration() throws IOException {
        Path runs = dir.resolve("runs");
        var result = dlx("train", "--config", "configs/quickstart.yaml", "--set", "optimizer.type=sgd",
                "--set", "optimizer.lr=1e6", "--runs-dir", runs.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).containsPattern("diverged: .* at iteration \\d+ \\(epoch 1, lr 1000000.0\\)");
        assertThat(runJson(runs).get("status").asText()).isEqualTo("diverged");
    }
}
