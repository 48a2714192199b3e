package dlx.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ActivationHistogramsTest {
    @Test
    void binsHoldTheShareOfValuesIncludingBothEdges() {
        double[] shares = ActivationHistograms.histogram(new float[] {0f, 0.1f, 0.5f, 0.74f, 1f, 2f}, 0, 1, 4);
        assertThat(shares).containsExactly(new double[] {2 / 6.0, 0, 2 / 6.0, 1 / 6.0}, within(1e-12));
    }
}
