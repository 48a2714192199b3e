package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
    @Test
    void theTableListsEachLayersTypeShapeAndParametersAndTheTotal() {
        String yaml = """
                data: {source: fashion-mnist}
                model:
                  input: [28, 28, 1]
                  layers:
                    - {type: conv2d, filters: 6, kernel: 5, padding: same}
                    - {type: maxpool}
                    - {type: batchnorm}
                    - {type: flatten}
                    - {type: dense, units: 10}
                    - {type: output, units: 10}
                """;
        ModelConfig model = ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null).model();
        String table = ModelSummary.table(model);
        assertThat(table.lines().toList()).containsExactly(
                "layer        type             output shape       parameters",
                "input                         28x28x1                     0",
                "layers[0]    conv2d 5x5       28x28x6                   156",
                "layers[1]    maxpool 2x2      14x14x6                     0",
                "layers[2]    batchnorm        14x14x6                    24",
                "layers[3]    flatten          1176                        0",
                "layers[4]    dense            10                     11,770",
                "layers[5]    output           10                        110",
                "total                                                12,060");
        assertThat(ModelSummary.totalParameters(model)).isEqualTo(12_060);
    }
}
