package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each metric is defined once, with the way it improves; runs, sweeps, early stopping and best.zip all read it here. */
class MetricTest {
    @Test
    void lossesAndErrorsImproveDownwardsAccuraciesAndScoresUpwards() {
        assertThat(Arrays.stream(Metric.values()).filter(m -> m.direction() == Mode.MAX))
                .containsExactly(Metric.TRAIN_ACCURACY, Metric.VAL_ACCURACY, Metric.TEST_ACCURACY, Metric.TEST_MACRO_F1,
                        Metric.TEST_SEQUENCE_ACCURACY,
                        Metric.TEST_R2);
        assertThat(Metric.named("test_r2")).contains(Metric.TEST_R2);
        assertThat(Metric.TEST_R2.isTestScore()).isTrue();
        assertThat(Metric.TEST_R2.testKey()).isEqualTo("r2");
        assertThat(Metric.named("val_acc")).isEmpty();
    }

    @Test
    void aRunRecordsTheMetricsOfItsTaskAndSplits() {
        assertThat(Metric.perEpoch(Task.CLASSIFICATION, true))
                .containsExactly(Metric.TRAIN_LOSS, Metric.TRAIN_ACCURACY, Metric.VAL_LOSS, Metric.VAL_ACCURACY);
        assertThat(Metric.perEpoch(Task.REGRESSION, true))
                .containsExactly(Metric.TRAIN_LOSS, Metric.VAL_LOSS, Metric.VAL_MAE, Metric.VAL_RMSE);
        assertThat(Metric.perEpoch(Task.REGRESSION, false)).containsExactly(Metric.TRAIN_LOSS);
    }

    @Test
    void aModeSaysWhichOfTwoValuesIsBetterAndNaNNeverIs() {
        assertThat(Mode.MIN.better(0.5, 0.6)).isTrue();
        assertThat(Mode.MIN.better(0.6, 0.6)).as("a tie keeps the first").isFalse();
        assertThat(Mode.MAX.better(0.7, 0.6)).isTrue();
        assertThat(Mode.MAX.better(Double.NaN, null)).isFalse();
        assertThat(Mode.MAX.better(0.1, null)).isTrue();
        assertThat(List.of(Mode.MIN.gain(1.0, 0.75), Mode.MAX.gain(1.0, 0.75))).containsExactly(0.25, -0.25);
    }
}
