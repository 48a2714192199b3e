package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.cli.TrainAndEvalTest.Outcome;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sequence configs, shrunk with --set, train and evaluate as a user runs them. */
class SequenceTrainingTest {
    @TempDir
    Path dir;

    @Test
    void anLstmLearnsRunningParityAtEveryStep() throws IOException {
        Path runs = dir.resolve("runs");
        Outcome train = dlx("train", "--config", "configs/sequence-labeling.yaml", "--runs-dir", runs.toString(),
                "--set", "data.samples=1200", "--set", "training.epochs=6");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path run = onlyRun(runs);
        assertThat(Files.readString(run.resolve("config.yaml"))).contains("return_sequences: true");

        Outcome eval = dlx("eval", "--checkpoint", run.toString(), "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(eval.out());
        // 1200 sequences, 20% for test: 240 sequences of 20 labelled steps each
        assertThat(report.get("examples").asInt()).isEqualTo(240);
        JsonNode confusion = report.at("/classification/confusion");
        int steps = 0;
        for (JsonNode row : confusion) {
            for (JsonNode count : row) {
                steps += count.asInt();
            }
        }
        assertThat(steps).isEqualTo(240 * 20);
        // a model that saw only the current bit would score 50%: parity needs the whole prefix
        assertThat(report.at("/classification/accuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void anLstmReadsFashionMnistRowByRowAndClassifiesFromTheLastStep() throws IOException {
        Path runs = dir.resolve("runs");
        Outcome train = dlx("train", "--config", "configs/fashion-lstm.yaml", "--runs-dir", runs.toString(),
                "--set", "data.train_limit=2000", "--set", "data.validation_split=0.02", "--set", "training.epochs=2",
                "--set", "training.batch_size=32",
                "--set", "model.layers[0].units=32");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("lstm, last").contains("28x28");
        JsonNode summary = Json.MAPPER.readTree(onlyRun(runs).resolve("summary.json").toFile());
        assertThat(summary.at("/test/accuracy").asDouble()).as("10 classes: chance is 0.1").isGreaterThan(0.5);
    }

    @Test
    void tokenIdsOutsideTheVocabularyAreOneLineNamingTheSplit() {
        Outcome train = dlx("train", "--config", "configs/sequence-labeling.yaml", "--runs-dir",
                dir.resolve("runs").toString(), "--set", "data.kind=running_sum");
        assertThat(train.exitCode()).isEqualTo(2);
        String[] lines = train.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).contains("the training split").contains("vocab 2");
        assertThat(train.err()).doesNotContain("Exception");
        assertThat(dir.resolve("runs")).as("refused before a run folder is made").doesNotExist();
    }
}
