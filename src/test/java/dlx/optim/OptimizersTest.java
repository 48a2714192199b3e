package dlx.optim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.OptimizerConfig;
import dlx.config.ScheduleConfig;
import dlx.optim.updater.ClassicalMomentum;
import dlx.optim.updater.Nadam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

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

    /** The updater a resolved experiment gets, every default filled in. */
    private static IUpdater resolved(String optimizer, String... overrides) {
        String yaml = "data: {source: synthetic, kind: xor}\nmodel:\n  layers:\n    - {type: output, units: 2}\n"
                + "optimizer: " + optimizer + "\n";
        Experiment e = ExperimentFile.parse(yaml, "exp.yaml", false, List.of(overrides), "exp", d -> List.of(2));
        return Optimizers.updater(e, 10);
    }

    @Test
    void everyOptimizerIsItsDl4jUpdaterWithTheLiteratureDefaults() {
        assertThat(resolved("{type: sgd}")).isInstanceOfSatisfying(Sgd.class,
                u -> assertThat(u.getLearningRate(0, 0)).isEqualTo(0.01));
        assertThat(resolved("{type: momentum}")).isInstanceOfSatisfying(ClassicalMomentum.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.01);
            assertThat(u.getMomentum()).isEqualTo(0.9);
        });
        assertThat(resolved("{type: nesterov}")).isInstanceOfSatisfying(Nesterovs.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.01);
            assertThat(u.currentMomentum(0, 0)).isEqualTo(0.9);
        });
        assertThat(resolved("{type: adagrad}")).isInstanceOfSatisfying(AdaGrad.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.01);
            assertThat(u.getEpsilon()).isEqualTo(1e-10);
        });
        assertThat(resolved("{type: rmsprop}")).isInstanceOfSatisfying(RmsProp.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.01);
            assertThat(u.getRmsDecay()).isEqualTo(0.99);
            assertThat(u.getEpsilon()).isEqualTo(1e-8);
        });
        assertThat(resolved("{type: adam}")).isInstanceOfSatisfying(Adam.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.001);
            assertThat(List.of(u.getBeta1(), u.getBeta2(), u.getEpsilon())).containsExactly(0.9, 0.999, 1e-8);
        });
        assertThat(resolved("{type: adamax}")).isInstanceOfSatisfying(AdaMax.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.002);
            assertThat(List.of(u.getBeta1(), u.getBeta2(), u.getEpsilon())).containsExactly(0.9, 0.999, 1e-8);
        });
        assertThat(resolved("{type: nadam}")).isInstanceOfSatisfying(Nadam.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.002);
            assertThat(List.of(u.getBeta1(), u.getBeta2(), u.getEpsilon())).containsExactly(0.9, 0.999, 1e-8);
        });
        assertThat(resolved("{type: amsgrad}")).isInstanceOfSatisfying(AMSGrad.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.001);
            assertThat(List.of(u.getBeta1(), u.getBeta2(), u.getEpsilon())).containsExactly(0.9, 0.999, 1e-8);
        });
        assertThat(resolved("{type: adadelta}")).isInstanceOfSatisfying(AdaDelta.class, u -> {
            assertThat(u.hasLearningRate()).isFalse();
            assertThat(u.getRho()).isEqualTo(0.95);
            assertThat(u.getEpsilon()).isEqualTo(1e-6);
        });
    }

    @Test
    void everyOptimizerTakesItsOwnKeys() {
        assertThat(((Nesterovs) resolved("{type: nesterov, lr: 0.2, momentum: 0.5}")).currentMomentum(0, 0)).isEqualTo(0.5);
        AdaMax adaMax = (AdaMax) resolved("{type: adamax, lr: 0.2, beta1: 0.8, beta2: 0.9, epsilon: 1e-3}");
        assertThat(List.of(adaMax.getLearningRate(0, 0), adaMax.getBeta1(), adaMax.getBeta2(), adaMax.getEpsilon()))
                .containsExactly(0.2, 0.8, 0.9, 1e-3);
        Nadam nadam = (Nadam) resolved("{type: nadam, lr: 0.2, beta1: 0.7, beta2: 0.8, epsilon: 1e-4}");
        assertThat(List.of(nadam.getLearningRate(0, 0), nadam.getBeta1(), nadam.getBeta2(), nadam.getEpsilon()))
                .containsExactly(0.2, 0.7, 0.8, 1e-4);
        AMSGrad amsGrad = (AMSGrad) resolved("{type: amsgrad, beta1: 0.7, beta2: 0.8, epsilon: 1e-4}");
        assertThat(List.of(amsGrad.getBeta1(), amsGrad.getBeta2(), amsGrad.getEpsilon())).containsExactly(0.7, 0.8, 1e-4);
        AdaDelta adaDelta = (AdaDelta) resolved("{type: adadelta, rho: 0.9, epsilon: 1e-5}");
        assertThat(List.of(adaDelta.getRho(), adaDelta.getEpsilon())).containsExactly(0.9, 1e-5);
        RmsProp rmsProp = (RmsProp) resolved("{type: rmsprop, rho: 0.9, epsilon: 1e-4}");
        assertThat(List.of(rmsProp.getRmsDecay(), rmsProp.getEpsilon())).containsExactly(0.9, 1e-4);
        assertThat(((AdaGrad) resolved("{type: adagrad, epsilon: 1e-4}")).getEpsilon()).isEqualTo(1e-4);
    }

    /**
     * Dozat's Nadam with a constant β1, in plain doubles, one coordinate at a time: the steps for
     * gradients[0], gradients[1], … with t counted from 1.
     */
    private static double[][] nadamByHand(double lr, double beta1, double beta2, double epsilon, double[][] gradients) {
        int n = gradients[0].length;
        double[] m = new double[n];
        double[] v = new double[n];
        double[][] steps = new double[gradients.length][n];
        for (int k = 0; k < gradients.length; k++) {
            int t = k + 1;
            for (int i = 0; i < n; i++) {
                double g = gradients[k][i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = beta1 * m[i] / (1 - Math.pow(beta1, t + 1)) + (1 - beta1) * g / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                steps[k][i] = lr * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
        return steps;
    }

    @Test
    void nadamIsDozatsUpdateComputedByHand() {
        double[][] gradients = {{1, -2}, {0.5, 4}, {-1, 0.25}};
        assertSteps(updater(new OptimizerConfig("nadam", 0.1, null, 0.9, 0.999, 1e-8, null)), gradients,
                nadamByHand(0.1, 0.9, 0.999, 1e-8, gradients));
        // other betas and a large epsilon, so that swapping them or misplacing ε shows
        assertSteps(updater(new OptimizerConfig("nadam", 0.05, null, 0.7, 0.8, 1e-2, null)), gradients,
                nadamByHand(0.05, 0.7, 0.8, 1e-2, gradients));
    }

    @Test
    void nadamsThreeStepsMatchTheFormulaWrittenOut() {
        // g = 1, 1, 1 with lr 1, β1 0.5, β2 0.5, ε 0: v̂ = 1 at every step, m_t = 1 − 0.5^t, so
        // m̂ = 0.5·(1 − 0.5^t)/(1 − 0.5^(t+1)) + 0.5/(1 − 0.5^t):
        // t = 1: 0.5·0.5/0.75 + 0.5/0.5 = 4/3; t = 2: 0.5·0.75/0.875 + 0.5/0.75 = 23/21;
        // t = 3: 0.5·0.875/0.9375 + 0.5/0.875 = 7/15 + 4/7 = 109/105
        assertSteps(updater(new OptimizerConfig("nadam", 1.0, null, 0.5, 0.5, Double.MIN_VALUE, null)),
                new double[][] {{1, -1}, {1, -1}, {1, -1}},
                new double[][] {{4.0 / 3, -4.0 / 3}, {23.0 / 21, -23.0 / 21}, {109.0 / 105, -109.0 / 105}});
    }

    @Test
    void nadamsFirstStepIsTheSameMultipleOfTheRateWhateverTheGradientsSize() {
        // m_1 = (1 − β1)·g, v̂_1 = g²: m̂ = β1(1 − β1)g/(1 − β1²) + g = (1 + 2β1)/(1 + β1)·g, so the step is
        // lr·(1 + 2β1)/(1 + β1)·sign(g) = 1.47·lr for β1 = 0.9 (DL4J's own Nadam took 60·lr)
        double lr = 0.002;
        double expected = lr * (1 + 2 * 0.9) / (1 + 0.9);
        IUpdater nadam = resolved("{type: nadam}");
        GradientUpdater<?> state = nadam.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, nadam.stateSize(3)), true);
        INDArray g = Nd4j.createFromArray(0.05, -50.0, 7.0).reshape(1, 3);
        state.applyUpdater(g, 0, 0);
        // ε = 1e-8 makes the step smaller by ε/|g| of itself: 2e-7 for the smallest gradient
        assertThat(g.toDoubleVector()).containsExactly(new double[] {expected, -expected, expected}, within(1e-9));
    }

    @Test
    void nesterovLooksAheadAlongTheVelocity() {
        // DL4J's form (Bengio et al. 2013): v ← μv − lr·g; the step subtracted is μ·v_prev − (1 + μ)·v
        // g1 = 1: v1 = -0.1,            step = 0 − 1.9·(-0.1) = 0.19
        // g2 = 1: v2 = 0.9·(-0.1) − 0.1 = -0.19, step = 0.9·(-0.1) − 1.9·(-0.19) = 0.271
        assertSteps(updater(new OptimizerConfig("nesterov", 0.1, 0.9, null, null, null, null)),
                new double[][] {{1, 0}, {1, 0}}, new double[][] {{0.19, 0}, {0.271, 0}});
    }
}
