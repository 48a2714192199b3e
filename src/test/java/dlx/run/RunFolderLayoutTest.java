package dlx.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One place names the run folder's files: a name typed again elsewhere drifts the day the layout changes. */
class RunFolderLayoutTest {
    private static final List<String> NAMES = List.of(RunFolder.CONFIG, RunFolder.RUN, RunFolder.SUMMARY,
            RunFolder.METRICS, RunFolder.STEPS, RunFolder.LAYERS, RunFolder.LOG, RunFolder.REPORT, RunFolder.LOCK,
            RunFolder.CHECKPOINTS, RunFolder.LAST, RunFolder.BEST);

    @Test
    void noSourceOutsideRunFolderSpellsARunFolderFileName() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (source.endsWith(Path.of("dlx/run/RunFolder.java"))) {
                    continue;
                }
                String text = Files.readString(source);
                NAMES.stream().filter(name -> text.contains("\"" + name + "\"")).forEach(name -> found.add(source + ": " + name));
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void evaluationsAndEpochCheckpointsAreNamedAndRecognizedTheSameWay() {
        assertThat(RunFolder.evaluation("val")).isEqualTo("eval-val.json");
        assertThat(RunFolder.isEvaluation(RunFolder.evaluation("test"))).isTrue();
        assertThat(RunFolder.isEvaluation("eval-.json")).isFalse();
        assertThat(RunFolder.epochCheckpoint(7)).isEqualTo("epoch-0007.zip");
        assertThat(RunFolder.isEpochCheckpoint(RunFolder.epochCheckpoint(12345))).isTrue();
        assertThat(RunFolder.isEpochCheckpoint("epoch-7.zip")).isFalse();
    }
}
