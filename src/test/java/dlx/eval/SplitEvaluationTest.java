package dlx.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Loss;
import org.junit.jupiter.api.Test;

/** The data losses reported per epoch, against hand computations. */
class SplitEvaluationTest {
    private static final float[] OUT = {0.7f, 0.2f, 0.1f};

    @Test
    void crossEntropyIsMinusTheLogOfTheLabelsProbability() {
        assertThat(SplitEvaluation.classificationLoss(Loss.CROSS_ENTROPY, OUT, 0, 3, 1, 0)).isCloseTo(-Math.log(0.7), within(1e-6));
    }

    @Test
    void binaryCrossEntropySumsOverTheOutputs() {
        double expected = -(Math.log(0.7) + Math.log(1 - 0.2) + Math.log(1 - 0.1));
        assertThat(SplitEvaluation.classificationLoss(Loss.BINARY_CROSS_ENTROPY, OUT, 0, 3, 1, 0)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void hingeIsOneVersusRest() {
        float[] scores = {1.5f, -0.5f, 0.2f};
        // label 0: max(0, 1 - 1.5) = 0; others: max(0, 1 + (-0.5)) = 0.5, max(0, 1 + 0.2) = 1.2
        assertThat(SplitEvaluation.classificationLoss(Loss.HINGE, scores, 0, 3, 1, 0)).isCloseTo(1.7, within(1e-6));
    }
}
