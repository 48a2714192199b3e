package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import dlx.run.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configs behind docs/notes.md: valid, and XOR's doing what the page says. */
class NotesConfigsTest {
    @TempDir
    Path dir;

    @Test
    void everyNotesConfigIsValid() throws IOException {
        try (Stream<Path> configs = Files.list(Path.of("configs/notes"))) {
            for (Path config : configs.toList()) {
                var result = dlx("config", "validate", config.toString());
                assertThat(result.exitCode()).as(config + ": " + result.err()).isZero();
            }
        }
    }

    @Test
    void xorNeedsTheHiddenLayer() throws IOException {
        List<Map<String, Double>> linear = train("xor-linear");
        List<Map<String, Double>> hidden = train("xor-hidden");
        // a line gets at most three of the four clusters right: 193 of these 256 training points
        assertThat(linear).allSatisfy(epoch -> assertThat(epoch.get("train_accuracy")).isLessThanOrEqualTo(193 / 256.0));
        assertThat(hidden.get(hidden.size() - 1).get("train_accuracy")).isEqualTo(1.0);
        assertThat(hidden.get(hidden.size() - 1).get("val_accuracy")).isEqualTo(1.0);
    }

    private List<Map<String, Double>> train(String name) throws IOException {
        Path runs = dir.resolve(name);
        var result = dlx("train", "--config", "configs/notes/" + name + ".yaml", "--runs-dir", runs.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return StoredRun.read(onlyRun(runs)).rows();
    }
}
