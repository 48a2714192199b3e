package dlx.cli;

import static dlx.cli.PredictImagesTest.assertOneLine;
import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.config.Experiment;
import dlx.data.Batches;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.data.Split;
import dlx.eval.SplitEvaluation;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dlx predict for runs on generated data: sequences one per line, as the generator makes them, and checkpoints saved
 * before checkpoints held their preprocessing (src/test/resources/legacy/runs).
 */
class PredictSequencesTest {
    private static final Path LEGACY = Path.of("src/test/resources/legacy/runs");

    @TempDir
    Path dir;

    private static Path legacy(String suffix) throws IOException {
        try (var runs = Files.list(LEGACY)) {
            return runs.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    /** What dlx eval predicts for the test split: the predicted class of every row and step. */
    private static int[] evalLabels(Checkpoint.Loaded loaded, LoadedData data) {
        Experiment e = loaded.experiment();
        return SplitEvaluation.of(loaded.network(), data.test(), e.model().outputLayer().units(),
                e.model().inputShape().sequenceLength(), e.model().outputLayer().loss()).predictedLabels();
    }

    private static String joined(int[] labels, int row, int steps, List<String> names, String separator) {
        List<String> step = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            step.add(names.get(labels[row * steps + t]));
        }
        return String.join(separator, step);
    }

    @Test
    void bitSequencesArePredictedStepByStepAsDlxEvalPredictsTheSameRows() throws IOException {
        Path run = legacy("-parity-lstm");
        Checkpoint.Loaded loaded = Checkpoint.read(run.resolve("checkpoints/best.zip"));
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(), Path.of(""));
        Split test = data.test();
        StringBuilder lines = new StringBuilder("# one parity sequence per line\n");
        for (int r = 0; r < test.rows(); r++) {
            for (int t = 0; t < test.featureCount(); t++) {
                lines.append(t == 0 ? "" : " ").append((int) test.features()[r * test.featureCount() + t]);
            }
            lines.append('\n');
        }
        Path input = Files.writeString(dir.resolve("bits.txt"), lines);

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input", input.toString(),
                "--json");

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(predicted.err()).contains("predates saved preprocessing: dlx predict takes it from the run's own"
                + " training split again (generated again from the run's seed)");
        JsonNode rows = Json.MAPPER.readTree(predicted.out()).get("predictions");
        int[] eval = evalLabels(loaded, data);
        assertThat(rows).hasSize(test.rows());
        for (int r = 0; r < test.rows(); r++) {
            assertThat(rows.get(r).get("input").asText()).isEqualTo("line " + (r + 2));
            assertThat(rows.get(r).get("predicted").asText()).isEqualTo(joined(eval, r, 4, data.classNames(), ""));
            assertThat(rows.get(r).get("steps")).hasSize(4);
            double least = 1;
            for (JsonNode step : rows.get(r).get("steps")) {
                least = Math.min(least, step.get("probability").asDouble());
            }
            assertThat(rows.get(r).get("least_step_probability").asDouble()).isEqualTo(least);
        }
    }

    @Test
    void additionQuestionsAreReadAsTheirCharactersAndAnsweredAsDlxEvalAnswersThem() throws IOException {
        Path config = Files.writeString(dir.resolve("addition.yaml"), """
                name: addition
                seed: 4
                data: {source: synthetic, kind: addition, digits: 2, samples: 300}
                model:
                  layers:
                    - {type: embedding, vocab: 12, units: 8}
                    - {type: gru, units: 16}
                    - {type: repeat, steps: 3}
                    - {type: gru, units: 16}
                    - {type: rnn_output, units: 11}
                optimizer: {type: adam, lr: 0.01}
                training: {epochs: 2, batch_size: 32}
                """);
        TrainAndEvalTest.Outcome trained = dlx("train", "--config", config.toString(), "--runs-dir",
                dir.resolve("runs").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Path run = onlyRun(dir.resolve("runs"));
        Checkpoint.Loaded loaded = Checkpoint.read(run.resolve("checkpoints/best.zip"));
        assertThat(loaded.preprocessing()).isNotNull();
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(), Path.of(""));
        Split test = data.test();
        StringBuilder questions = new StringBuilder();
        for (int r = 0; r < test.rows(); r++) {
            for (int c = 0; c < 5; c++) {
                int id = (int) test.features()[r * 5 + c];
                questions.append(id == 10 ? "+" : id == 11 ? "" : String.valueOf(id));
            }
            questions.append('\n');
        }
        Path input = Files.writeString(dir.resolve("questions.txt"), questions);

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input", input.toString());

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(predicted.err()).isEmpty();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("input,example,predicted,least_step_probability");
        int[] eval = evalLabels(loaded, data);
        for (int r = 0; r < test.rows(); r++) {
            String[] cells = lines.get(r + 1).split(",");
            assertThat(cells[1]).matches("\\d+\\+\\d+");
            assertThat(cells[2]).isEqualTo(joined(eval, r, 3, data.classNames(), ""));
        }
    }

    @Test
    void aCheckpointSavedBeforePreprocessingWasSavedFitsItAgainOnItsOwnTrainingSplit() throws IOException {
        Path run = legacy("-sine");
        Checkpoint.Loaded loaded = Checkpoint.read(run.resolve("checkpoints/best.zip"));
        assertThat(loaded.preprocessing()).isNull();
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(), Path.of(""));
        Path input = Files.writeString(dir.resolve("x.txt"), "0.5\n-1.25\n");

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input", input.toString());

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        float[] x = {0.5f, -1.25f};
        data.preprocessing().applyTo(x); // min-max of the run's training split
        double[] expected = loaded.network().output(new Batches(new Split(x, 2, 1, null, new float[2]), 1, 2, false, 0)
                .next().getFeatures(), false).toDoubleVector();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("input,example,predicted");
        assertThat(Double.parseDouble(lines.get(1).split(",")[2])).isCloseTo(expected[0], within(1e-6));
        assertThat(Double.parseDouble(lines.get(2).split(",")[2])).isCloseTo(expected[1], within(1e-6));
    }

    @Test
    void aLegacyCheckpointWhoseTrainingDataChangedIsRefusedRatherThanFittedOnOtherData() throws IOException {
        Path run = Files.createDirectories(dir.resolve("sine/checkpoints"));
        Path legacy = legacy("-sine");
        Files.copy(legacy.resolve("checkpoints/best.zip"), run.resolve("best.zip"));
        Files.writeString(dir.resolve("sine/run.json"), Files.readString(legacy.resolve("run.json"))
                .replaceAll("\"dataset_fingerprint\" : \"[^\"]*\"", "\"dataset_fingerprint\" : \"sha256:0000\""));
        Path input = Files.writeString(dir.resolve("x.txt"), "0.5\n");

        assertOneLine(dlx("predict", "--checkpoint", dir.resolve("sine").toString(), "--input", input.toString()),
                run.resolve("best.zip") + " predates saved preprocessing, and the run's training data changed since it"
                        + " trained (fingerprint sha256:0000, now sha256:");
    }

    @Test
    void badLinesGetOneLineNamingTheLineAndWhatTheNetworkTakes() throws IOException {
        Path parity = legacy("-parity-lstm");
        Path sine = legacy("-sine");
        Path count = Files.writeString(dir.resolve("count.txt"), "0 1 1 0\n0 1 1\n");
        Path word = Files.writeString(dir.resolve("word.txt"), "0.5\nhalf\n");
        Path token = Files.writeString(dir.resolve("token.txt"), "0 1 2 0\n");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n\n");

        assertOneLine(dlx("predict", "--checkpoint", parity.toString(), "--input", count.toString()),
                count + ": line 2: 3 values, but the network takes 4 (4 bits, one per step)");
        assertOneLine(dlx("predict", "--checkpoint", sine.toString(), "--input", word.toString()),
                word + ": line 2, value 1: 'half' is not a number");
        assertOneLine(dlx("predict", "--checkpoint", sine.toString(), "--input", empty.toString()),
                empty + ": no examples; give one per line (x)");
        assertOneLine(dlx("predict", "--checkpoint", parity.toString(), "--input", token.toString()), // an embedding's
                token + ": line 1 holds 2.0, which is not a token id of the embedding's vocab 2 (whole numbers 0 to 1)");
    }
}
