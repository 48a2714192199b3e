package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process writes a run at a time: the run folder's OS file lock refuses a second writer. */
class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void ofTwoResumesStartedTogetherOneTrainsAndTheOtherIsRefused() throws Exception {
        Path config = dir.resolve("spirals.yaml");
        Files.writeString(config, """
                data: {source: synthetic, kind: spirals, samples: 3000}
                model: {layers: [{type: dense, units: 32}, {type: output, units: 2}]}
                training: {epochs: 1, batch_size: 8, log_every: 10}
                """);
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", config.toString(), "--runs-dir", runs.toString()).exitCode()).isZero();
        Path run = onlyRun(runs);

        String[] resume = {"train", "--resume", run.toString(), "--set", "training.epochs=3"};
        Process first = ChildDlx.start(dir.resolve("first.txt"), resume);
        Process second = ChildDlx.start(dir.resolve("second.txt"), resume);
        assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();

        List<Integer> codes = List.of(first.exitValue(), second.exitValue());
        assertThat(codes).containsExactlyInAnyOrder(ExitCodes.DONE, ExitCodes.INVALID_INPUT);
        String refused = Files.readString(dir.resolve(first.exitValue() == 0 ? "second.txt" : "first.txt")).strip();
        assertThat(refused).startsWith("dlx: " + run + ": another dlx process is writing this run (pid ")
                .endsWith("; wait for it to end or stop it first").doesNotContain("\n");

        List<String> epochs = Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).toList();
        assertThat(epochs).containsExactly("1", "2", "3");
        List<String> iterations = Files.readAllLines(run.resolve("metrics-steps.csv")).stream().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).toList();
        assertThat(iterations).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Integer.parseInt(a) - Integer.parseInt(b));
        JsonNode info = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertThat(info.get("resumes")).hasSize(1);
        assertThat(info.get("status").asText()).isEqualTo("completed");
    }
}
