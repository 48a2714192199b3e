package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.ActivationConfig;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The curves dlx functions draws, against each function and derivative written out by hand. */
class ActivationCurveTest {
    private static void matches(ActivationConfig activation, DoubleUnaryOperator f, DoubleUnaryOperator slope) {
        // 80 points from -4 to 4 miss 0, where ReLU's derivative is a matter of convention; DL4J keeps the leaky slope as a float
        ActivationCurve curve = ActivationCurve.of(activation, -4, 4, 80);
        for (int i = 0; i < curve.x().length; i++) {
            double x = curve.x()[i];
            assertThat(curve.value()[i]).as("%s(%f)", activation, x).isCloseTo(f.applyAsDouble(x), within(1e-6));
            assertThat(curve.slope()[i]).as("%s'(%f)", activation, x).isCloseTo(slope.applyAsDouble(x), within(1e-6));
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void sigmoidsSlopeIsSTimesOneMinusS() {
        matches(ActivationConfig.named("sigmoid"), ActivationCurveTest::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x)));
    }

    @Test
    void tanhsSlopeIsOneMinusTanhSquared() {
        matches(ActivationConfig.named("tanh"), Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x));
    }

    @Test
    void reluAndLeakyReluAreLinesWithAKinkAtZero() {
        matches(ActivationConfig.named("relu"), x -> Math.max(0, x), x -> x > 0 ? 1 : 0);
        matches(new ActivationConfig("leaky_relu", 0.1), x -> x > 0 ? x : 0.1 * x, x -> x > 0 ? 1 : 0.1);
    }

    @Test
    void elusSlopeIsItsExponentialBelowZero() {
        matches(ActivationConfig.named("elu"), x -> x > 0 ? x : Math.exp(x) - 1, x -> x > 0 ? 1 : Math.exp(x));
    }

    @Test
    void softmaxOverXAndZeroIsTheSigmoidOfX() {
        matches(ActivationConfig.named("softmax"), ActivationCurveTest::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x)));
    }
}
