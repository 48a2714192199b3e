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

class OptimizersTest {
    private static IUpdater updater(OptimizerConfig config) {
        return Optimizers.updater(config, ScheduleConfig.constant(), 10, 0);
    }

    /** Feeds the gradients one by one and checks each step DL4J would subtract from the weights. */
    private static void assertSteps(IUpdater updater, double[][] gradients, double[][] expected) {
        long size = updater.stateSize(2);
        GradientUpdater<?> state = updater.instantiate(size == 0 ? null : Nd4j.zeros(DataType.DOUBLE, 1, size), true);
        for (int i = 0; i < gradients.length; i++) {
            INDArray g = Nd4j.createFromArray(gradients[i]).reshape(1, 2);
            state.applyUpdater(g, i, 0);
            assertThat(g.toDoubleVector()).containsExactly(expected[i], within(1e-12));
        }
    }

    @Test
    void sgdStepIsTheRateTimesTheGradient() {
        assertSteps(updater(new OptimizerConfig("sgd", 0.1, null, null, null, null, null)),
                new double[][] {{1, -2}, {0.5, 4}}, new double[][] {{0.1, -0.2}, {0.05, 0.4}});
    }

    @Test
    void momentumIsTheHeavyBallUpdateComputedByHand() {
        // v1 = g1 = (1, -2)             step = 0.1 * v1 = (0.1, -0.2)
        // v2 = 0.9 v1 + g2 = (1.9, -3.8) step = (0.19, -0.38)
        // v3 = 0.9 v2 + g3 = (2.21, -3.42) step = (0.221, -0.342)
        assertSteps(updater(new OptimizerConfig("momentum", 0.1, 0.9, null, null, null, null)),
                new double[][] {{1, -2}, {1, -2}, {0.5, 0}},
                new double[][] {{0.1, -0.2}, {0.19, -0.38}, {0.221, -0.342}});
    }

    @Test
    void adamGetsTheConfiguredMoments() {
        Adam adam = (Adam) updater(new OptimizerConfig("adam", 0.002, null, 0.8, 0.99, 1e-7, null));
        assertThat(adam.getBeta1()).isEqualTo(0.8);
        assertThat(adam.getBeta2()).isEqualTo(0.99);
        assertThat(adam.getEpsilon()).isEqualTo(1e-7);
        assertThat(adam.getLearningRate(0, 0)).isEqualTo(0.002);
    }
}
