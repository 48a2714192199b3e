package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.run.RunFolder;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
    @TempDir
    Path dir;

    @Test
    void theResumeCommandNamesTheRunFolderReadyToPaste() {
        try (RunFolder plain = RunFolder.create(dir.resolve("runs"), "exp", LocalDateTime.of(2026, 12, 1, 9, 0))) {
            assertThat(TrainingRun.resumeCommand(plain)).isEqualTo("dlx train --resume " + dir.resolve("runs/20261201-090000-exp"));
        }
        try (RunFolder spaced = RunFolder.create(dir.resolve("my runs"), "exp", LocalDateTime.of(2026, 12, 1, 9, 0))) {
            assertThat(TrainingRun.resumeCommand(spaced))
                    .isEqualTo("dlx train --resume '" + dir.resolve("my runs/20261201-090000-exp") + "'");
        }
    }
}
