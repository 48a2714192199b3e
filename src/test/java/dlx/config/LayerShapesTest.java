package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerShapesTest {
    private static ModelConfig model(String input, String layers) {
        String yaml = "data: {source: fashion-mnist}\nmodel:\n  input: " + input + "\n  layers:\n" + layers;
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null).model();
    }

    private static String errorOf(String input, String layers) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> model(input, layers));
        assertThat(error).as("a config error").isNotNull();
        return error.getMessage();
    }

    @Test
    void validConvolutionShrinksByTheKernelAndSamePaddingKeepsTheSize() {
        ModelConfig m = model("[28, 28, 1]", """
                    - {type: conv2d, filters: 6, kernel: 5, padding: same}
                    - {type: maxpool}
                    - {type: conv2d, filters: 16, kernel: 5}
                    - {type: avgpool, kernel: 2}
                    - {type: flatten}
                    - {type: dense, units: 120}
                    - {type: output, units: 10}
                """);
        assertThat(m.shapes()).containsExactly(Shape.of(28, 28, 6), Shape.of(14, 14, 6), Shape.of(10, 10, 16),
                Shape.of(5, 5, 16), Shape.of(400), Shape.of(120), Shape.of(10));
    }

    @Test
    void strideAndPaddingFollowTheFormula() {
        ModelConfig m = model("[28, 28, 3]", """
                    - {type: conv2d, filters: 8, kernel: 3, stride: 2, padding: same}
                    - {type: conv2d, filters: 8, kernel: 3, stride: 1, padding: 1}
                    - {type: conv2d, filters: 4, kernel: 4, stride: 2, padding: 1}
                    - {type: batchnorm}
                    - {type: global_avgpool}
                    - {type: output, units: 10}
                """);
        // same: ceil(28/2) = 14; (14 + 2 - 3)/1 + 1 = 14; (14 + 2 - 4)/2 + 1 = 7
        assertThat(m.shapes()).containsExactly(Shape.of(14, 14, 8), Shape.of(14, 14, 8), Shape.of(7, 7, 4),
                Shape.of(7, 7, 4), Shape.of(4), Shape.of(10));
    }

    @Test
    void poolStrideDefaultsToItsKernel() {
        LayerConfig pool = model("[8, 8, 1]", """
                    - {type: maxpool, kernel: 4}
                    - {type: output, units: 2}
                """).layers().get(0);
        assertThat(pool).isEqualTo(new LayerConfig.MaxPool(4, 4, "valid"));
    }

    @Test
    void aKernelLargerThanItsInputNamesTheLayerAndTheNumbers() {
        assertThat(errorOf("[9, 9, 1]", """
                    - {type: conv2d, filters: 4, kernel: 3, stride: 2, padding: 1}
                    - {type: conv2d, filters: 4, kernel: 7}
                    - {type: output, units: 2}
                """)).endsWith("model.layers[1].kernel: 7 does not fit input 5x5 with padding valid (output would be -1)");
    }

    @Test
    void aWindowThatDoesNotTileItsInputIsRefused() {
        assertThat(errorOf("[7, 7, 1]", """
                    - {type: maxpool, kernel: 2}
                    - {type: output, units: 2}
                """)).contains("model.layers[0].stride: 2 does not tile input 7x7 with kernel 2 and padding valid")
                .contains("= 3.5").contains("use padding same");
    }

    @Test
    void convolutionNeedsAnImage() {
        assertThat(errorOf("[28, 28, 1]", """
                    - {type: dense, units: 10}
                    - {type: conv2d, filters: 4, kernel: 3}
                    - {type: output, units: 2}
                """)).contains("model.layers[1]: needs an image input [height, width, channels], got [10]");
    }

    @Test
    void paddingIsSameValidOrAWholeNumber() {
        assertThat(model("[8, 8, 1]", """
                    - {type: conv2d, filters: 2, kernel: 3, padding: 2}
                    - {type: output, units: 2}
                """).shapes().get(0)).isEqualTo(Shape.of(10, 10, 2));
        assertThat(errorOf("[8, 8, 1]", """
                    - {type: conv2d, filters: 2, kernel: 3, padding: full}
                    - {type: output, units: 2}
                """)).contains("model.layers[0].padding: 'full' is not one of same, valid or a whole number >= 0");
    }

    @Test
    void poolingTakesNoFiltersOrActivation() {
        assertThat(errorOf("[8, 8, 1]", """
                    - {type: maxpool, filters: 3}
                    - {type: output, units: 2}
                """)).contains("model.layers[0].filters: not used by maxpool (it takes: kernel, stride, padding)");
        assertThat(errorOf("[8, 8, 1]", """
                    - {type: conv2d, filters: 2}
                    - {type: output, units: 2}
                """)).contains("model.layers[0].kernel: must be a whole number > 0, got null");
    }

    @Test
    void parametersAreCountedPerLayer() {
        ModelConfig m = model("[28, 28, 1]", """
                    - {type: conv2d, filters: 6, kernel: 5, padding: same}
                    - {type: batchnorm}
                    - {type: maxpool}
                    - {type: dense, units: 32}
                    - {type: batchnorm}
                    - {type: output, units: 10}
                """);
        assertThat(m.parameterCounts()).containsExactly(5L * 5 * 1 * 6 + 6, 4L * 6, 0L, 14L * 14 * 6 * 32 + 32, 4L * 32,
                32L * 10 + 10);
    }
}
