package dlx.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTest {
    @Test
    void topPngLabelsATrialByItsNameAndTheLastPartOfEachSweptKey() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("optimizer.lr", "0.007873");
        parameters.put("regularization.l2", "7.139e-06");
        parameters.put("model.layers[0].units", "8");
        var trial = new Sweep.Trial(14, "trial-014", parameters, "completed", 0.66, 10, null, null);
        assertThat(Sweep.legendLabel(trial)).isEqualTo("trial-014 lr=0.007873 l2=7.139e-06 units=8");
    }
}
