package dlx.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.OptimizerConfig;
import dlx.config.ScheduleConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;

class OptimizersTest {
    @Test
    void momentumIsTheHeavyBallUpdateComputedByHand() {
        IUpdater updater = Optimizers.updater(new OptimizerConfig("momentum", 0.1, 0.9, null, null, null, null),
                ScheduleConfig.constant());
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<?> velocity = updater.instantiate(state, true);
        double[][] gradients = {{1, -2}, {1, -2}, {0.5, 0}};
        // v1 = g1 = (1, -2)             step = 0.1 * v1 = (0.1, -0.2)
        // v2 = 0.9 v1 + g2 = (1.9, -3.8) step = (0.19, -0.38)
        // v3 = 0.9 v2 + g3 = (2.21, -3.42) step = (0.221, -0.342)
        double[][] expected = {{0.1, -0.2}, {0.19, -0.38}, {0.221, -0.342}};
        for (int i = 0; i < gradients.length; i++) {
            INDArray g = Nd4j.createFromArray(gradients[i]).reshape(1, 2);
            velocity.applyUpdater(g, i, 0);
            assertThat(g.toDoubleVector()).containsExactly(expected[i], within(1e-12));
        }
    }

    @Test
    void adamGetsTheConfiguredMoments() {
        Adam adam = (Adam) Optimizers.updater(new OptimizerConfig("adam", 0.002, null, 0.8, 0.99, 1e-7, null),
                ScheduleConfig.constant());
        assertThat(adam.getBeta1()).isEqualTo(0.8);
        assertThat(adam.getBeta2()).isEqualTo(0.99);
        assertThat(adam.getEpsilon()).isEqualTo(1e-7);
        assertThat(adam.getLearningRate(0, 0)).isEqualTo(0.002);
    }

    @Test
    void stepScheduleMultipliesByGammaEveryStepSizeEpochs() {
        ISchedule step = Optimizers.schedule(new ScheduleConfig("step", "epoch", 2, 0.5), 0.1);
        assertThat(step.valueAt(999, 0)).isEqualTo(0.1, within(1e-12));
        assertThat(step.valueAt(999, 1)).isEqualTo(0.1, within(1e-12));
        assertThat(step.valueAt(999, 2)).isEqualTo(0.05, within(1e-12));
        assertThat(step.valueAt(999, 5)).isEqualTo(0.025, within(1e-12));
    }

    @Test
    void exponentialScheduleCountsIterationsWhenAskedTo() {
        ISchedule exponential = Optimizers.schedule(new ScheduleConfig("exponential", "iteration", null, 0.9), 1.0);
        assertThat(exponential.valueAt(0, 7)).isEqualTo(1.0, within(1e-12));
        assertThat(exponential.valueAt(3, 7)).isEqualTo(0.729, within(1e-12));
    }
}
