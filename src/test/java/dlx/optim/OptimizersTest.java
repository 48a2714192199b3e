package dlx.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.OptimizerConfig;
import dlx.config.ScheduleConfig;
import dlx.optim.updater.AdaDelta;
import dlx.optim.updater.ClassicalMomentum;
import dlx.optim.updater.Ftrl;
import dlx.optim.updater.Nadam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AMSGrad;
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
        assertSteps(updater(new OptimizerConfig.Sgd(0.1)),
                new double[][] {{1, -2}, {0.5, 4}}, new double[][] {{0.1, -0.2}, {0.05, 0.4}});
    }

    @Test
    void momentumIsTheHeavyBallUpdateComputedByHand() {
        // v1 = g1 = (1, -2)             step = 0.1 * v1 = (0.1, -0.2)
        // v2 = 0.9 v1 + g2 = (1.9, -3.8) step = (0.19, -0.38)
        // v3 = 0.9 v2 + g3 = (2.21, -3.42) step = (0.221, -0.342)
        assertSteps(updater(new OptimizerConfig.Momentum(0.1, 0.9)),
                new double[][] {{1, -2}, {1, -2}, {0.5, 0}},
                new double[][] {{0.1, -0.2}, {0.19, -0.38}, {0.221, -0.342}});
    }

    @Test
    void adamGetsTheConfiguredMoments() {
        Adam adam = (Adam) updater(new OptimizerConfig.Adam(0.002, 0.8, 0.99, 1e-7));
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
            assertThat(u.getLearningRate(0, 0)).isEqualTo(1.0);
            assertThat(u.getRho()).isEqualTo(0.95);
            assertThat(u.getEpsilon()).isEqualTo(1e-6);
        });
        assertThat(resolved("{type: ftrl}")).isInstanceOfSatisfying(Ftrl.class, u -> {
            assertThat(u.getLearningRate(0, 0)).isEqualTo(0.001);
            assertThat(List.of(u.getLrPower(), u.getInitialAccumulator(), u.getL1(), u.getL2(), u.getL2Shrinkage(), u.getBeta()))
                    .containsExactly(-0.5, 0.1, 0.0, 0.0, 0.0, 0.0);
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
        AdaDelta adaDelta = (AdaDelta) resolved("{type: adadelta, lr: 0.5, rho: 0.9, epsilon: 1e-5}");
        assertThat(List.of(adaDelta.getLearningRate(0, 0), adaDelta.getRho(), adaDelta.getEpsilon()))
                .containsExactly(0.5, 0.9, 1e-5);
        Ftrl ftrl = (Ftrl) resolved("{type: ftrl, lr: 0.2, lr_power: -1, initial_accumulator: 2, l1: 0.1, l2: 0.2,"
                + " l2_shrinkage: 0.3, beta: 0.4}");
        assertThat(List.of(ftrl.getLearningRate(0, 0), ftrl.getLrPower(), ftrl.getInitialAccumulator(), ftrl.getL1(),
                ftrl.getL2(), ftrl.getL2Shrinkage(), ftrl.getBeta())).containsExactly(0.2, -1.0, 2.0, 0.1, 0.2, 0.3, 0.4);
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
        assertSteps(updater(new OptimizerConfig.Nadam(0.1, 0.9, 0.999, 1e-8)), gradients,
                nadamByHand(0.1, 0.9, 0.999, 1e-8, gradients));
        // other betas and a large epsilon, so that swapping them or misplacing ε shows
        assertSteps(updater(new OptimizerConfig.Nadam(0.05, 0.7, 0.8, 1e-2)), gradients,
                nadamByHand(0.05, 0.7, 0.8, 1e-2, gradients));
    }

    @Test
    void nadamsThreeStepsMatchTheFormulaWrittenOut() {
        // g = 1, 1, 1 with lr 1, β1 0.5, β2 0.5, ε 0: v̂ = 1 at every step, m_t = 1 − 0.5^t, so
        // m̂ = 0.5·(1 − 0.5^t)/(1 − 0.5^(t+1)) + 0.5/(1 − 0.5^t):
        // t = 1: 0.5·0.5/0.75 + 0.5/0.5 = 4/3; t = 2: 0.5·0.75/0.875 + 0.5/0.75 = 23/21;
        // t = 3: 0.5·0.875/0.9375 + 0.5/0.875 = 7/15 + 4/7 = 109/105
        assertSteps(updater(new OptimizerConfig.Nadam(1.0, 0.5, 0.5, Double.MIN_VALUE)),
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
        assertSteps(updater(new OptimizerConfig.Nesterov(0.1, 0.9)),
                new double[][] {{1, 0}, {1, 0}}, new double[][] {{0.19, 0}, {0.271, 0}});
    }

    /**
     * Zeiler's rule as PyTorch's Adadelta writes it, in plain doubles, one coordinate at a time: the steps lr·Δ for
     * gradients[0], gradients[1], … (the averages take Δ, not lr·Δ).
     */
    private static double[][] adadeltaByHand(double lr, double rho, double epsilon, double[][] gradients) {
        int n = gradients[0].length;
        double[] s = new double[n];
        double[] d = new double[n];
        double[][] steps = new double[gradients.length][n];
        for (int k = 0; k < gradients.length; k++) {
            for (int i = 0; i < n; i++) {
                double g = gradients[k][i];
                s[i] = rho * s[i] + (1 - rho) * g * g;
                double delta = Math.sqrt(d[i] + epsilon) / Math.sqrt(s[i] + epsilon) * g;
                d[i] = rho * d[i] + (1 - rho) * delta * delta;
                steps[k][i] = lr * delta;
            }
        }
        return steps;
    }

    @Test
    void adadeltaMultipliesItsStepByTheRateAsPytorchDoes() {
        double[][] gradients = {{1, -2}, {0.5, 4}, {-1, 0.25}};
        assertSteps(updater(new OptimizerConfig.AdaDelta(1.0, 1e-6, 0.95)), gradients, adadeltaByHand(1.0, 0.95, 1e-6, gradients));
        assertSteps(updater(new OptimizerConfig.AdaDelta(0.1, 1e-2, 0.5)), gradients, adadeltaByHand(0.1, 0.5, 1e-2, gradients));
        // the first step by hand: s = 0.05·g², Δ = √ε/√(0.05·g² + ε)·g ≈ 0.004472·sign(g) for |g| ≫ √ε
        double first = Math.sqrt(1e-6) / Math.sqrt(0.05 * 4 + 1e-6) * -2;
        assertSteps(updater(new OptimizerConfig.AdaDelta(3.0, 1e-6, 0.95)), new double[][] {{0, -2}},
                new double[][] {{0, 3 * first}});
    }

    @Test
    void aScheduleOnAdadeltaScalesEachStepByTheScheduledMultiplier() {
        IUpdater adadelta = Optimizers.updater(new OptimizerConfig.AdaDelta(1.0, 1e-6, 0.95),
                new ScheduleConfig.Step(dlx.config.ScheduleUnit.ITERATION, 0, 1, 0.5), 10, 10);
        double[][] gradients = {{1, -2}, {0.5, 4}, {-1, 0.25}};
        double[][] unscaled = adadeltaByHand(1.0, 0.95, 1e-6, gradients);
        double[][] halved = new double[3][];
        for (int k = 0; k < 3; k++) {
            double factor = Math.pow(0.5, k);
            halved[k] = new double[] {unscaled[k][0] * factor, unscaled[k][1] * factor};
        }
        assertSteps(adadelta, gradients, halved);
    }

    /**
     * Steps of ftrl from the weights {@code start}, as DL4J takes them: the rule sees the gradient, gives the step,
     * and the step is subtracted from the weights it was bound to. Returns the weights after each step.
     */
    private static double[][] ftrlWeights(OptimizerConfig.Ftrl config, double[] start, double[][] gradients) {
        IUpdater updater = updater(config);
        GradientUpdater<?> state = updater.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, updater.stateSize(start.length)), true);
        INDArray weights = Nd4j.createFromArray(start).reshape(1, start.length);
        Ftrl.bind(state, weights);
        double[][] after = new double[gradients.length][];
        for (int i = 0; i < gradients.length; i++) {
            INDArray g = Nd4j.createFromArray(gradients[i]).reshape(1, start.length);
            state.applyUpdater(g, i, 0);
            weights.subi(g);
            after[i] = weights.toDoubleVector();
        }
        return after;
    }

    @Test
    void ftrlIsMcMahansProximalRuleComputedByHand() {
        // lr 0.5, p = −0.5, n₀ = 16, l1 0.5, l2 0.25, β 1: q = (β + √n')/lr + 2·l2
        // step 1, w = (1, −2), g = (3, 0):
        //   x: n' = 25, σ = (5 − 4)/0.5 = 2, z = 3 − 2·1 = 1 > l1: w = (0.5 − 1)/((1 + 5)/0.5 + 0.5) = −0.5/12.5 = −0.04
        //   y: n' = 16, σ = 0, z = 0 ≤ l1: w = 0 (FTRL sets a weight from z alone; the start enters through σ·w)
        // step 2, g = (−12, 3):
        //   x: n' = 169, σ = (13 − 5)/0.5 = 16, z = 1 − 12 − 16·(−0.04) = −10.36: w = (−0.5 + 10.36)/((1 + 13)/0.5 + 0.5) = 9.86/28.5
        //   y: n' = 25, σ = (5 − 4)/0.5 = 2, z = 0 + 3 − 2·0 = 3: w = (0.5 − 3)/12.5 = −0.2
        double[][] weights = ftrlWeights(new OptimizerConfig.Ftrl(0.5, -0.5, 16.0, 0.5, 0.25, 0.0, 1.0),
                new double[] {1, -2}, new double[][] {{3, 0}, {-12, 3}});
        assertThat(weights[0]).containsExactly(new double[] {-0.04, 0}, within(1e-12));
        assertThat(weights[1]).containsExactly(new double[] {9.86 / 28.5, -0.2}, within(1e-12));
    }

    /** TensorFlow's ApplyFtrlV2 (Keras' Ftrl) in plain doubles, one weight at a time. */
    private static double[][] ftrlByHand(OptimizerConfig.Ftrl c, double[] start, double[][] gradients) {
        double[] w = start.clone();
        double[] n = new double[w.length];
        double[] z = new double[w.length];
        java.util.Arrays.fill(n, c.initialAccumulator());
        double[][] after = new double[gradients.length][];
        for (int k = 0; k < gradients.length; k++) {
            for (int i = 0; i < w.length; i++) {
                double g = gradients[k][i];
                double shrunk = g + 2 * c.l2Shrinkage() * w[i];
                double next = n[i] + g * g;
                z[i] += shrunk - (Math.pow(next, -c.lrPower()) - Math.pow(n[i], -c.lrPower())) / c.lr() * w[i];
                double quadratic = (c.beta() + Math.pow(next, -c.lrPower())) / c.lr() + 2 * c.l2();
                w[i] = Math.abs(z[i]) <= c.l1() ? 0 : (Math.signum(z[i]) * c.l1() - z[i]) / quadratic;
                n[i] = next;
            }
            after[k] = w.clone();
        }
        return after;
    }

    @Test
    void ftrlFollowsTensorflowsRuleWithEveryKey() {
        double[][] gradients = {{0.3, -2, 0.01}, {0.5, 4, -0.02}, {-1, 0.25, 0.5}, {0.2, -0.1, 0.3}};
        double[] start = {0.5, -0.25, 1.5};
        for (OptimizerConfig.Ftrl config : List.of(new OptimizerConfig.Ftrl(0.1, -0.5, 0.1, 0.0, 0.0, 0.0, 0.0),
                new OptimizerConfig.Ftrl(0.3, -0.7, 0.5, 0.05, 0.1, 0.2, 0.5),
                new OptimizerConfig.Ftrl(0.05, -1.0, 1.0, 0.0, 0.0, 0.4, 0.0))) {
            double[][] expected = ftrlByHand(config, start, gradients);
            double[][] actual = ftrlWeights(config, start, gradients);
            for (int k = 0; k < gradients.length; k++) {
                assertThat(actual[k]).as(config + " step " + (k + 1)).containsExactly(expected[k], within(1e-12));
            }
        }
    }

    @Test
    void ftrlsL1SetsWeightsWithSmallSummedGradientsToExactlyZero() {
        double[][] weights = ftrlWeights(new OptimizerConfig.Ftrl(0.1, -0.5, 0.1, 1.0, 0.0, 0.0, 0.0),
                new double[] {0.3, 0.3}, new double[][] {{0.2, 5}, {-0.1, 5}});
        // x: z = 0.2 − σ·0.3 = 0.026, then 0.026 − 0.1 = −0.074, both within l1; y: |z| ≈ 9 and 7.4, beyond it
        assertThat(weights[0][0]).isZero();
        assertThat(weights[1][0]).isZero();
        assertThat(weights[1][1]).isNotZero();
    }
}
