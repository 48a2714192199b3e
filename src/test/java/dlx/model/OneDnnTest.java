package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.ExperimentFile;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** CNNs run on DL4J's oneDNN helpers (5x faster here): a DL4J or ND4J change must not drop them silently. */
class OneDnnTest {
    @Test
    void convolutionAndPoolingLayersGetTheirOneDnnHelper() {
        MultiLayerNetwork network = NetworkFactory.build(ExperimentFile.parse("""
                model:
                  input: [12, 12, 1]
                  layers:
                    - {type: conv2d, filters: 4, kernel: 3, padding: same}
                    - {type: maxpool, kernel: 2}
                    - {type: conv2d, filters: 4, kernel: 3}
                    - {type: avgpool, kernel: 2}
                    - {type: output, units: 3}
                """, "cnn.yaml", false, List.of(), "cnn", d -> List.of(12, 12, 1)));
        assertThat(NetworkFactory.layersWithoutFastPath(network)).isEmpty();
    }
}
