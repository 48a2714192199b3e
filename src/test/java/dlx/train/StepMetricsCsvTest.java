package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.run.CsvRows;
import dlx.run.RunFolder;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepMetricsCsvTest {
    @TempDir
    Path dir;

    /** Feeds {@code epochs} epochs of {@code batches} iterations; returns the iterations recorded. */
    private Iterable<Double> recorded(int every, int epochs, int batches) {
        try (RunFolder folder = RunFolder.create(dir, "steps", LocalDateTime.now())) {
            StepMetricsCsv steps = new StepMetricsCsv(folder, every);
            steps.onTrainBegin(null);
            int iteration = 0;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                steps.onEpochBegin(epoch, batches);
                for (int b = 0; b < batches; b++) {
                    steps.onIteration(++iteration, epoch, 0.5, 0.01);
                }
            }
            return CsvRows.read(folder.file(RunFolder.STEPS)).stream().map(r -> r.get("iteration")).toList();
        }
    }

    @Test
    void aRunWithFewerIterationsThanLogEveryStillRecordsTheLastStepOfEachEpoch() {
        assertThat(recorded(50, 3, 13)).containsExactly(13.0, 26.0, 39.0);
    }

    @Test
    void recordsEveryLogEveryIterationsAndEachEpochsEnd() {
        assertThat(recorded(4, 2, 10)).containsExactly(4.0, 8.0, 10.0, 12.0, 16.0, 20.0);
    }

    @Test
    void eachRowHoldsTheEpochAndLoss() {
        try (RunFolder folder = RunFolder.create(dir, "row", LocalDateTime.now())) {
            StepMetricsCsv steps = new StepMetricsCsv(folder, 100);
            steps.onTrainBegin(null);
            steps.onEpochBegin(1, 2);
            steps.onIteration(1, 1, 0.7, 0.1);
            steps.onIteration(2, 1, 0.25, 0.1);
            assertThat(CsvRows.read(folder.file(RunFolder.STEPS)))
                    .containsExactly(Map.of("iteration", 2.0, "epoch", 1.0, "lr", 0.1, "loss", 0.25));
        }
    }
}
