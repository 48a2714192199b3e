package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The config.yaml of runs made by earlier versions reads back and prints as it was written: every line of it,
 * in its order, with only keys added since (and their defaults) in between.
 */
class LegacyConfigsTest {
    private static final Path CONFIGS = Path.of("src/test/resources/legacy/configs");

    @Test
    void everyResolvedConfigOfAnEarlierVersionPrintsBackUnchanged() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(CONFIGS)) {
            files = listed.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(50);
        for (Path file : files) {
            String written = Files.readString(file);
            String printed = ExperimentFile.toYaml(ExperimentFile.fromResolvedYaml(written, file.toString()));
            assertThat(unmatched(written.lines().toList(), printed.lines().toList())).as(file + " printed as\n" + printed)
                    .isEmpty();
        }
    }

    /** The lines of {@code before} that {@code after} does not have in the same order. */
    private static List<String> unmatched(List<String> before, List<String> after) {
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String line : before) {
            int found = after.subList(at, after.size()).indexOf(line);
            if (found < 0) {
                missing.add(line);
            } else {
                at += found + 1;
            }
        }
        return missing;
    }
}
