package dlx.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.NetworkFactory;
import dlx.optim.Optimizers;
import dlx.run.Checkpoint;
import dlx.run.TrainingState;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/** Each schedule's rate at chosen units, computed by hand; t counts from 0 (DL4J's counters). */
class SchedulesTest {
    private static Experiment experiment(String optimizer, String schedule, int epochs) {
        String yaml = "data: {source: synthetic, kind: xor}\nmodel:\n  layers:\n    - {type: dense, units: 3}\n"
                + "    - {type: output, units: 2}\noptimizer: " + optimizer + "\nschedule: " + schedule
                + "\ntraining: {epochs: " + epochs + "}\n";
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> List.of(2));
    }

    /** The schedule of an sgd run at rate {@code lr}. */
    private static ISchedule schedule(double lr, String schedule, int epochs, int iterationsPerEpoch) {
        Experiment e = experiment("{type: sgd, lr: " + lr + "}", schedule, epochs);
        return Optimizers.schedule(e.schedule(), e.optimizer().lr(), epochs, iterationsPerEpoch);
    }

    private static double atEpoch(ISchedule s, int epoch) {
        return s.valueAt(12345, epoch);
    }

    private static double atIteration(ISchedule s, int iteration) {
        return s.valueAt(iteration, 98);
    }

    @Test
    void constantScheduleKeepsTheRate() {
        ISchedule constant = schedule(0.3, "{type: constant}", 5, 0);
        assertThat(atEpoch(constant, 0)).isEqualTo(0.3);
        assertThat(atEpoch(constant, 4)).isEqualTo(0.3);
    }

    @Test
    void stepScheduleMultipliesByGammaEveryStepSizeEpochs() {
        ISchedule step = schedule(0.1, "{type: step, step_size: 2, gamma: 0.5}", 10, 0);
        assertThat(atEpoch(step, 0)).isEqualTo(0.1, within(1e-12));
        assertThat(atEpoch(step, 1)).isEqualTo(0.1, within(1e-12));
        assertThat(atEpoch(step, 2)).isEqualTo(0.05, within(1e-12));
        assertThat(atEpoch(step, 5)).isEqualTo(0.025, within(1e-12));
    }

    @Test
    void multistepMultipliesByGammaAtEachMilestone() {
        ISchedule multistep = schedule(1.0, "{type: multistep, milestones: [2, 5], gamma: 0.1}", 10, 0);
        assertThat(atEpoch(multistep, 0)).isEqualTo(1.0, within(1e-12));
        assertThat(atEpoch(multistep, 1)).isEqualTo(1.0, within(1e-12));
        assertThat(atEpoch(multistep, 2)).isEqualTo(0.1, within(1e-12));
        assertThat(atEpoch(multistep, 4)).isEqualTo(0.1, within(1e-12));
        assertThat(atEpoch(multistep, 5)).isEqualTo(0.01, within(1e-12));
        assertThat(atEpoch(multistep, 9)).isEqualTo(0.01, within(1e-12));
    }

    @Test
    void exponentialScheduleCountsIterationsWhenAskedTo() {
        ISchedule exponential = schedule(1.0, "{type: exponential, unit: iteration, gamma: 0.9}", 3, 10);
        assertThat(exponential.valueAt(0, 7)).isEqualTo(1.0, within(1e-12));
        assertThat(exponential.valueAt(3, 7)).isEqualTo(0.729, within(1e-12));
    }

    @Test
    void inverseScheduleDividesByOnePlusGammaTToThePower() {
        ISchedule inverse = schedule(1.0, "{type: inverse, gamma: 0.5, power: 2}", 10, 0);
        assertThat(atEpoch(inverse, 0)).isEqualTo(1.0, within(1e-12));
        // 1 / (1 + 0.5·2)^2 = 1/4
        assertThat(atEpoch(inverse, 2)).isEqualTo(0.25, within(1e-12));
        // 1 / (1 + 0.5·6)^2 = 1/16
        assertThat(atEpoch(inverse, 6)).isEqualTo(0.0625, within(1e-12));
    }

    @Test
    void polyScheduleDecaysToMinLrWhenTheRunEnds() {
        ISchedule poly = schedule(1.1, "{type: poly, power: 2, min_lr: 0.1}", 10, 0);
        assertThat(atEpoch(poly, 0)).isEqualTo(1.1, within(1e-12));
        // 0.1 + (1.1 - 0.1)·(1 - 5/10)^2 = 0.35
        assertThat(atEpoch(poly, 5)).isEqualTo(0.35, within(1e-12));
        // the last epoch (t = 9): 0.1 + 1.0·(0.1)^2 = 0.11
        assertThat(atEpoch(poly, 9)).isEqualTo(0.11, within(1e-12));
        assertThat(atEpoch(poly, 10)).isEqualTo(0.1, within(1e-12));
    }

    @Test
    void cosineScheduleFollowsHalfACosineAndReachesMinLrWhenTheRunEnds() {
        ISchedule cosine = schedule(1.0, "{type: cosine}", 4, 0);
        assertThat(atEpoch(cosine, 0)).isEqualTo(1.0, within(1e-12));
        // (1 + cos(π/4)) / 2
        assertThat(atEpoch(cosine, 1)).isEqualTo(0.8535533905932737, within(1e-12));
        assertThat(atEpoch(cosine, 2)).isEqualTo(0.5, within(1e-12));
        // the last epoch: (1 + cos(3π/4)) / 2
        assertThat(atEpoch(cosine, 3)).isEqualTo(0.14644660940672627, within(1e-12));
        assertThat(atEpoch(cosine, 4)).isEqualTo(0.0, within(1e-12));
        assertThat(atEpoch(cosine, 7)).as("past the run it stays at min_lr").isEqualTo(0.0, within(1e-12));
    }

    @Test
    void cosineScheduleInIterationsSpansEpochsTimesBatchesPerEpoch() {
        ISchedule cosine = schedule(0.5, "{type: cosine, unit: iteration, min_lr: 0.1}", 2, 5);
        // T = 2·5 = 10 iterations; at t = 5: 0.1 + 0.4·(1 + cos(π/2))/2 = 0.3
        assertThat(atIteration(cosine, 0)).isEqualTo(0.5, within(1e-12));
        assertThat(atIteration(cosine, 5)).isEqualTo(0.3, within(1e-12));
        assertThat(atIteration(cosine, 10)).isEqualTo(0.1, within(1e-12));
    }

    @Test
    void oneCycleClimbsToMaxLrOverThirtyPercentThenAnnealsToMinLr() {
        ISchedule cycle = schedule(0.1, "{type: one_cycle, unit: iteration, max_lr: 1.0}", 2, 10);
        // T = 20: climbs over t in [0, 6), anneals over [6, 20]
        assertThat(atIteration(cycle, 0)).isEqualTo(0.1, within(1e-12));
        // t = 3 is half the climb: 1 + (0.1 - 1)·(1 + cos(π/2))/2 = 0.55
        assertThat(atIteration(cycle, 3)).isEqualTo(0.55, within(1e-12));
        assertThat(atIteration(cycle, 6)).isEqualTo(1.0, within(1e-12));
        // t = 13 is half the annealing: 0 + 1·(1 + cos(π/2))/2 = 0.5
        assertThat(atIteration(cycle, 13)).isEqualTo(0.5, within(1e-12));
        assertThat(atIteration(cycle, 20)).isEqualTo(0.0, within(1e-12));
    }

    @Test
    void warmupRisesLinearlyThenTheScheduleStartsWhereItEnds() {
        ISchedule warm = schedule(0.3, "{type: constant, warmup: 2}", 5, 0);
        // lr·(t + 1)/(w + 1): 0.1, 0.2, then 0.3
        assertThat(atEpoch(warm, 0)).isEqualTo(0.1, within(1e-12));
        assertThat(atEpoch(warm, 1)).isEqualTo(0.2, within(1e-12));
        assertThat(atEpoch(warm, 2)).isEqualTo(0.3, within(1e-12));
        assertThat(atEpoch(warm, 4)).isEqualTo(0.3, within(1e-12));

        ISchedule warmCosine = schedule(1.0, "{type: cosine, warmup: 2}", 6, 0);
        // the cosine spans the 4 epochs after the warm-up: at t = 4 it is halfway
        assertThat(atEpoch(warmCosine, 1)).isEqualTo(2.0 / 3, within(1e-12));
        assertThat(atEpoch(warmCosine, 2)).isEqualTo(1.0, within(1e-12));
        assertThat(atEpoch(warmCosine, 4)).isEqualTo(0.5, within(1e-12));
        assertThat(atEpoch(warmCosine, 6)).isEqualTo(0.0, within(1e-12));

        ISchedule warmStep = schedule(1.0, "{type: step, unit: iteration, warmup: 3, step_size: 2, gamma: 0.5}", 1, 10);
        assertThat(atIteration(warmStep, 0)).isEqualTo(0.25, within(1e-12));
        assertThat(atIteration(warmStep, 4)).as("step counts from the end of the warm-up").isEqualTo(1.0, within(1e-12));
        assertThat(atIteration(warmStep, 5)).isEqualTo(0.5, within(1e-12));
    }

    @Test
    void plateauStartsAtTheRateAndFollowsItsScale() {
        PlateauSchedule plateau = (PlateauSchedule) schedule(0.2, "{type: plateau}", 5, 0);
        assertThat(atEpoch(plateau, 3)).isEqualTo(0.2, within(1e-12));
        plateau.setScale(0.1);
        assertThat(atEpoch(plateau, 3)).isEqualTo(0.02, within(1e-12));
    }

    @Test
    void warmupThatLeavesNothingOfTheRunIsAConfigError() {
        assertThatThrownBy(() -> schedule(1.0, "{type: cosine, warmup: 5}", 5, 0))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schedule.warmup: 5 epochs leave nothing of the run (5 epochs) for cosine");
    }

    @Test
    void everyScheduleSurvivesACheckpointWithTheSameRates(@TempDir Path dir) {
        List<String> schedules = List.of("{type: constant, warmup: 1}", "{type: step, step_size: 2}",
                "{type: multistep, milestones: [1, 3]}", "{type: exponential, unit: iteration}",
                "{type: inverse}", "{type: poly, power: 2, min_lr: 0.001}", "{type: cosine, unit: iteration, warmup: 3}",
                "{type: one_cycle, max_lr: 0.5}", "{type: plateau, warmup: 1}");
        for (String s : schedules) {
            Experiment e = experiment("{type: adam, lr: 0.01}", s, 6);
            MultiLayerNetwork network = NetworkFactory.build(e, 7);
            Optimizers.plateauSchedules(network).forEach(p -> p.setScale(0.25));
            Path file = dir.resolve("c" + schedules.indexOf(s) + ".zip");
            Checkpoint.write(file, network, e, TrainingState.START, null, "schedules", null);
            MultiLayerNetwork loaded = Checkpoint.read(file).network();
            IUpdater before = updater(network);
            IUpdater after = updater(loaded);
            assertThat(after).as(s).isEqualTo(before);
            for (int epoch = 0; epoch < 8; epoch++) {
                for (int iteration : new int[] {0, 3, 20, 41}) {
                    assertThat(after.getLearningRate(iteration, epoch)).as(s + " at " + iteration + ", " + epoch)
                            .isEqualTo(before.getLearningRate(iteration, epoch));
                }
            }
        }
    }

    private static IUpdater updater(MultiLayerNetwork network) {
        return ((BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
    }
}
