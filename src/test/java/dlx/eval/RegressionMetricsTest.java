package dlx.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    /*
     * actual     1    2    3    4      mean 2.5
     * predicted  1.5  2    2    5
     * error      0.5  0   -1    1      |error| sum 2.5   → mae  0.625
     * error²     0.25 0    1    1      SS_res      2.25  → mse  0.5625, rmse 0.75
     * (a−mean)²  2.25 0.25 0.25 2.25   SS_tot      5     → r2   1 − 2.25/5 = 0.55
     */
    private final RegressionMetrics metrics =
            RegressionMetrics.of(new float[] {1, 2, 3, 4}, new float[] {1.5f, 2, 2, 5});

    @Test
    void scoresAreTheMeansOfTheErrors() {
        assertThat(metrics.mse()).isCloseTo(0.5625, within(1e-12));
        assertThat(metrics.mae()).isCloseTo(0.625, within(1e-12));
        assertThat(metrics.rmse()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.count()).isEqualTo(4);
    }

    @Test
    void r2ComparesTheErrorsWithTheSpreadOfTheActualValues() {
        assertThat(metrics.r2()).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void r2OfConstantActualValuesIsOneWhenPerfectAndZeroOtherwise() {
        float[] constant = {2, 2, 2};

        assertThat(RegressionMetrics.of(constant, constant).r2()).isEqualTo(1.0);
        assertThat(RegressionMetrics.of(constant, new float[] {2, 2, 3}).r2()).isEqualTo(0.0);
    }

    @Test
    void r2IsNegativeWhenWorseThanPredictingTheMean() {
        assertThat(RegressionMetrics.of(new float[] {1, 2}, new float[] {2, 1}).r2()).isCloseTo(-3.0, within(1e-12));
    }

    @Test
    void arraysOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> RegressionMetrics.of(new float[] {1, 2}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actual has 2 values but predicted has 1");
    }

    @Test
    void nothingToScoreIsRejected() {
        assertThatThrownBy(() -> RegressionMetrics.of(new float[0], new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aValueThatIsNotFiniteIsRejectedNamingWhereItIs() {
        assertThatThrownBy(() -> RegressionMetrics.of(new float[] {1, 2}, new float[] {1, Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted[1] is NaN; metrics need finite values");
    }

    @Test
    void serializesToJsonInTheOrderOfTheRecord() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(metrics));

        assertThat(json.toString()).isEqualTo("{\"mse\":0.5625,\"mae\":0.625,\"rmse\":0.75,\"r2\":0.55,\"count\":4}");
        assertThat(mapper.treeToValue(json, RegressionMetrics.class)).isEqualTo(metrics);
    }

    @Test
    void tableShowsEachScoreOnItsOwnLine() {
        assertThat(metrics.table()).isEqualTo("""
                mse    0.562500
                mae    0.625000
                rmse   0.750000
                r2     0.550000
                count         4
                """);
    }
}
