package dlx.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScatterChartTest {
    @TempDir
    Path dir;

    @Test
    void bandsOfEqualWidthRunFromTheLowestScoreToTheHighest() {
        assertThat(ScatterChart.band(0.1, 0.1, 0.6, 5)).isZero();
        assertThat(ScatterChart.band(0.19, 0.1, 0.6, 5)).isZero();
        assertThat(ScatterChart.band(0.31, 0.1, 0.6, 5)).isEqualTo(2);
        assertThat(ScatterChart.band(0.6, 0.1, 0.6, 5)).as("the highest score falls in the last band").isEqualTo(4);
        assertThat(ScatterChart.band(0.5, 0.5, 0.5, 5)).as("all scores equal").isZero();
    }

    @Test
    void drawsScoredAndUnscoredPointsOnLogAxes() throws IOException {
        Path file = dir.resolve("scatter.png");
        ScatterChart.write(file, "val_accuracy of each trial", new ScatterChart.Axis("optimizer.lr", true),
                new ScatterChart.Axis("regularization.l2", true),
                List.of(new ScatterChart.Point(1e-5, 1e-7, 0.2), new ScatterChart.Point(3e-3, 2e-5, 0.8),
                        new ScatterChart.Point(1e-2, 1e-8, null), new ScatterChart.Point(0, 1e-6, 0.5)));
        assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void drawsAnEarlierStageAndTheNarrowedRangeOnTheSameAxes() throws IOException {
        Path file = dir.resolve("both.png");
        ScatterChart.write(file, "val_accuracy of each trial", new ScatterChart.Axis("optimizer.lr", true),
                new ScatterChart.Axis("regularization.l2", true),
                List.of(new ScatterChart.Point(3e-3, 2e-6, 0.7), new ScatterChart.Point(5e-3, 1e-5, 0.72)),
                List.of(new ScatterChart.Point(1e-5, 1e-7, 0.2), new ScatterChart.Point(4e-3, 2e-5, 0.68)),
                new ScatterChart.Box(1e-3, 1e-2, 1e-7, 1e-4));
        assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
    }
}
