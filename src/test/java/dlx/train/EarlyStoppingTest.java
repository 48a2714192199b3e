package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.Metric;
import dlx.config.Mode;
import dlx.config.TrainingConfig;
import dlx.run.RunStatus;
import dlx.run.TrainingState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Early stopping and the divergence guard fed scripted scores, no network involved. */
class EarlyStoppingTest {
    private static TrainingContext context() {
        Experiment experiment = ExperimentFile.parse("""
                data: {source: synthetic}
                model: {layers: [{type: output, units: 2}]}
                training: {epochs: 20}
                """, "exp.yaml", false, List.of(), "exp", d -> List.of(2));
        return new TrainingContext(experiment, null, TrainingState.START, System::nanoTime);
    }

    private static EpochResult epoch(int epoch, Metric metric, double value) {
        Map<Metric, Double> metrics = new LinkedHashMap<>();
        metrics.put(metric, value);
        return new EpochResult(epoch, epoch * 10, 0.01, metrics, 1.0, 100.0);
    }

    /** Feeds the values epoch by epoch; returns the epoch at which a stop was requested, or 0. */
    private static int stopEpoch(TrainingContext context, EarlyStopping listener, Metric metric, double... values) {
        listener.onTrainBegin(context);
        for (int i = 0; i < values.length; i++) {
            listener.onEpochEnd(epoch(i + 1, metric, values[i]));
            if (context.stopRequest() != null) {
                return i + 1;
            }
        }
        return 0;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        TrainingContext context = context();
        var listener = new EarlyStopping(new TrainingConfig.EarlyStopping(Metric.VAL_LOSS, Mode.MIN, 2, 0.0));
        assertThat(stopEpoch(context, listener, Metric.VAL_LOSS, 0.9, 0.7, 0.8, 0.75, 0.6)).isEqualTo(4);
        assertThat(context.stopRequest().status()).isEqualTo(RunStatus.STOPPED_EARLY);
        assertThat(context.stopRequest().message())
                .isEqualTo("stopped early at epoch 4: val_loss has not improved by more than 0.0 for 2 epochs"
                        + " (best 0.7000 at epoch 2)");
    }

    @Test
    void anImprovementResetsTheCount() {
        var listener = new EarlyStopping(new TrainingConfig.EarlyStopping(Metric.VAL_LOSS, Mode.MIN, 2, 0.0));
        assertThat(stopEpoch(context(), listener, Metric.VAL_LOSS, 0.9, 0.95, 0.8, 0.85, 0.7, 0.75)).isZero();
    }

    @Test
    void improvementsSmallerThanMinDeltaDoNotCount() {
        var listener = new EarlyStopping(new TrainingConfig.EarlyStopping(Metric.VAL_LOSS, Mode.MIN, 2, 0.05));
        assertThat(stopEpoch(context(), listener, Metric.VAL_LOSS, 0.9, 0.88, 0.86)).isEqualTo(3);
    }

    @Test
    void accuraciesImproveUpwards() {
        var listener = new EarlyStopping(new TrainingConfig.EarlyStopping(Metric.VAL_ACCURACY, Mode.MAX, 1, 0.0));
        assertThat(stopEpoch(context(), listener, Metric.VAL_ACCURACY, 0.5, 0.6, 0.7, 0.65)).isEqualTo(4);
    }

    @Test
    void theDivergenceGuardStopsAtTheFirstNonFiniteLoss() {
        TrainingContext context = context();
        DivergenceGuard guard = new DivergenceGuard(null, new DivergenceGuard.Clip(Double.NaN, Math.log(2), 1, 1));
        guard.onTrainBegin(context);
        guard.onIteration(1, 1, 2.3, 0.1);
        guard.onIteration(2, 1, 1e30, 0.1);
        assertThat(context.stopRequest()).isNull();
        guard.onIteration(3, 1, Double.POSITIVE_INFINITY, 0.1);
        guard.onIteration(4, 1, Double.NaN, 0.1);
        assertThat(context.stopRequest().status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(context.stopRequest().message()).contains("the loss became Infinity at iteration 3");
    }

    @Test
    void theContextKeepsTheBestEpochByTheCheckpointMetric() {
        TrainingContext context = context();
        context.epochDone(epoch(1, Metric.VAL_ACCURACY, 0.6));
        context.epochDone(epoch(2, Metric.VAL_ACCURACY, 0.8));
        context.epochDone(epoch(3, Metric.VAL_ACCURACY, 0.7));
        assertThat(context.bestEpoch()).isEqualTo(2);
        assertThat(context.bestValue()).isEqualTo(0.8);
        assertThat(context.state().epochsCompleted()).isEqualTo(3);
    }
}
