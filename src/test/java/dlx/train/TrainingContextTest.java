package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.run.TrainingState;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingContextTest {
    @Test
    void samplesPerSecondCountsTheExamplesTrainedOverTheTimeOfTheTrainingPass() {
        Experiment experiment = ExperimentFile.parse("data: {source: synthetic}\nmodel: {layers: [{type: output, units: 2}]}\n",
                "exp.yaml", false, List.of(), "exp", d -> List.of(2));
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        TrainingContext context = new TrainingContext(experiment, null, TrainingState.START, nanos::get);
        context.epochBegins();
        context.trained(128);
        nanos.addAndGet(1_000_000_000L);
        // what the progress bar shows mid-epoch
        assertThat(context.samplesPerSecond()).isCloseTo(128, within(1e-9));
        context.trained(72); // the last batch of an epoch may be smaller
        nanos.addAndGet(1_000_000_000L);
        // what metrics.csv records at the end of the pass: the same function of the same counts
        assertThat(context.samplesPerSecond()).isCloseTo(100, within(1e-9));
        context.epochBegins();
        assertThat(context.samplesPerSecond()).as("a new epoch starts from zero").isZero();
    }
}
