package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The config.yaml of runs made by earlier versions reads back, and prints exactly as it was written. */
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
            Experiment read = ExperimentFile.fromResolvedYaml(written, file.toString());
            assertThat(ExperimentFile.toYaml(read)).as(file.toString()).isEqualTo(written);
        }
    }
}
