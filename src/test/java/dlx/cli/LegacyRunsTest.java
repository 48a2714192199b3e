package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders written by an earlier dlx (src/test/resources/legacy/runs) still list, evaluate and resume:
 * their checkpoints name dlx's updaters and schedules by the class names of that time.
 */
class LegacyRunsTest {
    private static final Path LEGACY = Path.of("src/test/resources/legacy/runs");

    @TempDir
    Path dir;

    private Path copy() throws IOException {
        Path runs = dir.resolve("runs");
        try (Stream<Path> files = Files.walk(LEGACY)) {
            for (Path source : files.toList()) {
                Path target = runs.resolve(LEGACY.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return runs;
    }

    private static List<Path> runsIn(Path runs) throws IOException {
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void oldRunsAreListedWithTheirBestEpochs() throws IOException {
        Path runs = copy();
        var listed = dlx("runs", "list", "--runs-dir", runs.toString(), "--json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        for (Path run : runsIn(runs)) {
            assertThat(listed.out()).contains("\"id\" : \"" + run.getFileName() + "\"");
        }
        assertThat(listed.out()).doesNotContain("unreadable").contains("best_epoch");
    }

    @Test
    void everyOldCheckpointEvaluatesAndEveryOldRunResumes() throws IOException {
        Path runs = copy();
        for (Path run : runsIn(runs)) {
            var eval = dlx("eval", "--checkpoint", run.toString(), "--split", "val");
            assertThat(eval.exitCode()).as(run + ": " + eval.err()).isZero();
            var resumed = dlx("train", "--resume", run.toString(), "--set", "training.epochs=4");
            assertThat(resumed.exitCode()).as(run + ": " + resumed.err()).isZero();
            assertThat(Files.readAllLines(run.resolve("metrics.csv"))).as(run.toString()).hasSize(5);
        }
    }
}
