package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.NetworkFactory;
import dlx.run.RunStatus;
import dlx.run.TrainingState;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** The divergence guard fed a network whose weights are set by hand, and scripted losses. */
class DivergenceGuardTest {
    private static final double CEILING = -Math.log(1e-10);

    private static Experiment experiment(String layers) {
        return ExperimentFile.parse("""
                data: {source: synthetic}
                model: {layers: %s}
                training: {epochs: 5, batch_size: 16}
                """.formatted(layers), "exp.yaml", false, List.of(), "exp", d -> List.of(2));
    }

    private static TrainingContext started(DivergenceGuard guard, Experiment experiment, MultiLayerNetwork network) {
        TrainingContext context = new TrainingContext(experiment, network, TrainingState.START, System::nanoTime);
        guard.onTrainBegin(context);
        guard.onEpochBegin(1, 25);
        return context;
    }

    private static DivergenceGuard guard(Experiment experiment) {
        return new DivergenceGuard(null, DivergenceGuard.Clip.of(experiment, 400, 1));
    }

    @Test
    void aWeightBeyondTheBoundStopsTheRunAtTheIterationItIsSeen() {
        Experiment experiment = experiment("[{type: dense, units: 8}, {type: output, units: 2}]");
        MultiLayerNetwork network = NetworkFactory.build(experiment);
        DivergenceGuard guard = guard(experiment);
        TrainingContext context = started(guard, experiment, network);
        guard.onIteration(10, 1, 0.7, 0.1);
        assertThat(context.stopRequest()).as("weights as initialized").isNull();

        network.getLayer(1).getParam("W").putScalar(3, 2e11);
        guard.onIteration(11, 1, 0.7, 0.1);
        assertThat(context.stopRequest()).as("looked at every 10 iterations").isNull();
        guard.onIteration(20, 1, 0.7, 0.1);
        assertThat(context.stopRequest().status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(context.stopRequest().message()).isEqualTo("diverged: a weight of model.layers[1] reached 2.00e+11"
                + " (beyond 1e+10: float32 can no longer step it by less than 1,000) at iteration 20 (epoch 1, lr 0.1);"
                + " try a lower optimizer.lr, or regularization.gradient_clip. No checkpoint had been saved yet.");
    }

    @Test
    void aNonFiniteWeightIsSeenAtTheEpochsLastIterationToo() {
        Experiment experiment = experiment("[{type: dense, units: 8}, {type: output, units: 2}]");
        MultiLayerNetwork network = NetworkFactory.build(experiment);
        DivergenceGuard guard = guard(experiment);
        TrainingContext context = started(guard, experiment, network);
        network.getLayer(0).getParam("b").putScalar(0, Double.NaN);
        guard.onIteration(25, 1, 0.7, 0.1);
        assertThat(context.stopRequest().message())
                .startsWith("diverged: the weights became non-finite (NaN or infinite) in model.layers[0] at iteration 25");
    }

    @Test
    void batchnormsRunningStatisticsAreNotWeights() {
        Experiment experiment = experiment("[{type: dense, units: 8}, {type: batchnorm}, {type: output, units: 2}]");
        MultiLayerNetwork network = NetworkFactory.build(experiment);
        DivergenceGuard guard = guard(experiment);
        TrainingContext context = started(guard, experiment, network);
        // data of magnitude 1e12 gives a running mean of 1e12: the data's, not a weight that blew up
        assertThat(network.getLayer(1).paramTable()).containsKey("mean");
        network.getLayer(1).getParam("mean").putScalar(0, 1e12);
        guard.onIteration(10, 1, 0.7, 0.1);
        assertThat(context.stopRequest()).isNull();
    }

    @Test
    void aCrossEntropyPinnedAtItsClipForTwentyIterationsStops() {
        Experiment experiment = experiment("[{type: output, units: 2}]");
        DivergenceGuard guard = guard(experiment);
        TrainingContext context = started(guard, experiment, null);
        // saturated outputs: each of the 16 examples adds 0 or -ln(1e-10); the last batch of 400 holds 16 too
        for (int i = 1; i < DivergenceGuard.PINNED; i++) {
            guard.onIteration(i, 1, (i % 9 + 1) * CEILING / 16, 1e3);
        }
        assertThat(context.stopRequest()).isNull();
        guard.onIteration(20, 1, 7 * CEILING / 16, 1e3);
        assertThat(context.stopRequest().message()).startsWith("diverged: the loss has been pinned at its clip for 20"
                + " iterations (10.0738: every example predicted with certainty, right or wrong, as saturated outputs do)"
                + " at iteration 20 (epoch 1, lr 1000.0)");
    }

    @Test
    void aNetworkWhoseOutputsAreUniformIsAtChanceNotPinned() {
        Experiment experiment = experiment("[{type: output, units: 10}]");
        DivergenceGuard guard = guard(experiment);
        TrainingContext context = started(guard, experiment, null);
        // its signal died on the way: every example loses ln 10, and 16 ln 10 is a whole multiple of ln 1e10
        for (int i = 1; i <= 100; i++) {
            guard.onIteration(i, 1, Math.log(10), 0.01);
        }
        assertThat(context.stopRequest()).isNull();
    }

    @Test
    void aLossThatMovesIsNeverPinnedHoweverHighItIs() {
        Experiment experiment = experiment("[{type: output, units: 2}]");
        DivergenceGuard guard = guard(experiment);
        TrainingContext context = started(guard, experiment, null);
        for (int i = 1; i <= 500; i++) {
            // a badly initialised network: confident and wrong at first, learning slowly
            guard.onIteration(i, 1, 20.0 - i * 0.01 + Math.sin(i) * 0.3, 0.01);
            if (i % 50 == 0) {
                guard.onIteration(i, 1, 0.0, 0.01); // a perfect batch is not pinned either
            }
        }
        assertThat(context.stopRequest()).isNull();
    }

    @Test
    void theMessageSaysWhichCheckpointIsKeptOnlyWhenThereIsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Experiment experiment = experiment("[{type: output, units: 2}]");
        java.nio.file.Path last = dir.resolve("last.zip");
        DivergenceGuard guard = new DivergenceGuard(last, DivergenceGuard.Clip.of(experiment, 400, 1));
        TrainingContext context = new TrainingContext(experiment, null,
                new TrainingState(3, 75, 3, 0.9, java.util.Map.of()), System::nanoTime);
        guard.onTrainBegin(context);
        java.nio.file.Files.writeString(last, "a checkpoint");
        guard.onIteration(80, 4, Double.NaN, 0.1);
        assertThat(context.stopRequest().message()).isEqualTo("diverged: the loss became NaN at iteration 80 (epoch 4,"
                + " lr 0.1); try a lower optimizer.lr, or regularization.gradient_clip. checkpoints/last.zip keeps the last"
                + " good weights (epoch 3).");
    }
}
