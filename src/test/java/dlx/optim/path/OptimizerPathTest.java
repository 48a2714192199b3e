package dlx.optim.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.OptimizerConfig;
import dlx.config.OptimizerSpec;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The paths of "Deep Learning from Scratch" ch. 6 on f(x, y) = x²/20 + y² from (−7, 2), 30 steps each. */
class OptimizerPathTest {
    private static final Surface BOWL = Surface.QUADRATIC;

    private static OptimizerPath path(String spec) {
        return OptimizerPath.trace(BOWL, OptimizerSpec.parse("--optimizer", spec), -7, 2, 30);
    }

    /** How many steps made f larger than before. */
    private static long climbs(double[] f) {
        return IntStream.range(1, f.length).filter(i -> f[i] > f[i - 1]).count();
    }

    @Test
    void sgdOnTheBowlIsTheHandComputedGradientDescent() {
        OptimizerPath sgd = path("sgd:lr=0.95");
        double x = -7;
        double y = 2;
        for (int k = 1; k <= 30; k++) {
            double dx = x / 10; // ∂f/∂x
            double dy = 2 * y;  // ∂f/∂y
            x -= 0.95 * dx;
            y -= 0.95 * dy;
            assertThat(sgd.x()[k]).as("x after step %d", k).isCloseTo(x, within(1e-12));
            assertThat(sgd.y()[k]).as("y after step %d", k).isCloseTo(y, within(1e-12));
        }
        assertThat(sgd.x()).hasSize(31);
        assertThat(sgd.diverged()).isFalse();
    }

    @Test
    void adamsFirstStepIsTheLearningRateInEachCoordinate() {
        for (double lr : new double[] {0.3, 0.01}) {
            OptimizerPath adam = path("adam:lr=" + lr);
            // m̂/√v̂ = g/|g| after one step: the step is lr·sign(g), whatever the gradient's size (0.7 and 4 here)
            assertThat(adam.x()[1] - adam.x()[0]).isCloseTo(lr, within(1e-6));
            assertThat(adam.y()[1] - adam.y()[0]).isCloseTo(-lr, within(1e-6));
        }
    }

    @Test
    void ftrlsFirstStepOnTheBowlIsTheRuleByHand() {
        // lr 1, n₀ 0.1, g = (x/10, 2y) = (−0.7, 4): w₁ = −(g − σ·w₀)/(√n′/lr), σ = (√n′ − √n₀)/lr
        OptimizerPath ftrl = path("ftrl:lr=1");
        double nx = 0.1 + 0.49;
        double ny = 0.1 + 16;
        double x = -(-0.7 - (Math.sqrt(nx) - Math.sqrt(0.1)) * -7) / Math.sqrt(nx);
        double y = -(4 - (Math.sqrt(ny) - Math.sqrt(0.1)) * 2) / Math.sqrt(ny);
        assertThat(ftrl.x()[1]).isCloseTo(x, within(1e-12));
        assertThat(ftrl.y()[1]).isCloseTo(y, within(1e-12));
    }

    @Test
    void sgdZigzagsAcrossTheValleyYetNeverClimbs() {
        OptimizerPath sgd = path("sgd:lr=0.95");
        // lr·∂²f/∂y² = 1.9 > 1: every step jumps over the valley's floor, and lands 0.9 times as far from it
        assertThat(IntStream.range(1, 31).allMatch(k -> Math.signum(sgd.y()[k]) == -Math.signum(sgd.y()[k - 1]))).isTrue();
        assertThat(climbs(sgd.values(BOWL))).isZero();
        // along x, where f is 20 times flatter, it crawls: 0.905^30 of the way left
        assertThat(sgd.x()[30]).isCloseTo(-7 * Math.pow(0.905, 30), within(1e-9));
    }

    @Test
    void adagradNeverClimbsAndEndsClosestToTheMinimum() {
        double[] adagrad = path("adagrad:lr=1.5").values(BOWL);
        assertThat(climbs(adagrad)).isZero();
        for (String other : new String[] {"sgd:lr=0.95", "momentum:lr=0.1,momentum=0.9", "adam:lr=0.3"}) {
            double[] f = path(other).values(BOWL);
            assertThat(adagrad[30]).as(other).isLessThan(f[30]);
        }
    }

    @Test
    void momentumAndAdamRollPastTheMinimumAndClimbOnTheWay() {
        for (String spec : new String[] {"momentum:lr=0.1,momentum=0.9", "adam:lr=0.3"}) {
            OptimizerPath path = path(spec);
            double[] f = path.values(BOWL);
            assertThat(climbs(f)).as(spec + ": steps that climb").isGreaterThan(3);
            assertThat(path.x()[30]).as(spec + ": x overshot 0, the minimum").isPositive();
            assertThat(f[30]).as(spec).isLessThan(f[0] / 50);
        }
    }

    @Test
    void everyOptimizerOfTheVocabularyDescendsFromItsDefaults() {
        for (String type : OptimizerConfig.types()) {
            OptimizerPath path = path(type);
            double[] f = path.values(BOWL);
            assertThat(path.diverged()).as(type).isFalse();
            assertThat(f[30]).as(type).isLessThan(f[0]);
        }
    }

    @Test
    void nadamsFirstStepIsOneAndAHalfTimesTheRateWhateverTheGradient() {
        for (double lr : new double[] {0.3, 0.01}) {
            OptimizerPath nadam = path("nadam:lr=" + lr);
            // after one step m = 0.1·g and v̂ = g²: the step is lr·(1 + 2β1)/(1 + β1)·sign(g) = 1.47·lr, whatever
            // the gradient's size (0.7 and 4 here). DL4J's own Nadam, which does not bias-correct v, stepped 60·lr.
            assertThat(nadam.x()[1] - nadam.x()[0]).isCloseTo(lr * 2.8 / 1.9, within(1e-6));
            assertThat(nadam.y()[1] - nadam.y()[0]).isCloseTo(-lr * 2.8 / 1.9, within(1e-6));
        }
    }

    @Test
    void aPathThatOverflowsEndsAtItsLastFinitePoint() {
        OptimizerPath path = OptimizerPath.trace(BOWL, OptimizerSpec.parse("--optimizer", "sgd:lr=5"), -7, 2, 1000);
        assertThat(path.diverged()).isTrue();
        assertThat(path.x().length).isLessThan(1001).isEqualTo(path.y().length);
        assertThat(path.y()[path.y().length - 1]).isFinite();
    }
}
