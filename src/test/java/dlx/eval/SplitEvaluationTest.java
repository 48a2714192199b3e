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
    void binaryCrossEntropyOnOneSigmoidOutputTakesTheLabelAsItsTarget() {
        float[] p = {0.8f};
        assertThat(SplitEvaluation.classificationLoss(Loss.BINARY_CROSS_ENTROPY, p, 0, 1, 1, 1)).isCloseTo(-Math.log(0.8), within(1e-6));
        assertThat(SplitEvaluation.classificationLoss(Loss.BINARY_CROSS_ENTROPY, p, 0, 1, 1, 0)).isCloseTo(-Math.log(0.2), within(1e-6));
    }

    @Test
    void sseOnSoftmaxOutputsIsHalfTheSquaredDistanceToTheOneHotLabel() {
        // label 1: ½·(0.7² + 0.8² + 0.1²) = ½·1.14
        assertThat(SplitEvaluation.classificationLoss(Loss.SSE, OUT, 0, 3, 1, 1)).isCloseTo(0.57, within(1e-6));
    }

    @Test
    void regressionLossesOfOneError() {
        assertThat(SplitEvaluation.regressionLoss(Loss.MSE, -3)).isEqualTo(9);
        assertThat(SplitEvaluation.regressionLoss(Loss.SSE, -3)).isEqualTo(4.5);
        assertThat(SplitEvaluation.regressionLoss(Loss.MAE, -3)).isEqualTo(3);
        assertThat(SplitEvaluation.regressionLoss(Loss.RMSE, -3)).as("squared, rooted over the split").isEqualTo(9);
    }

    @Test
    void hingeIsOneVersusRest() {
        float[] scores = {1.5f, -0.5f, 0.2f};
        // label 0: max(0, 1 - 1.5) = 0; others: max(0, 1 + (-0.5)) = 0.5, max(0, 1 + 0.2) = 1.2
        assertThat(SplitEvaluation.classificationLoss(Loss.HINGE, scores, 0, 3, 1, 0)).isCloseTo(1.7, within(1e-6));
    }
}
