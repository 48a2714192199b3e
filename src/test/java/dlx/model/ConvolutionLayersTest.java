package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.Shape;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvolutionLayersTest {
    static Experiment experiment(String input, String layers) {
        String yaml = "data: {source: fashion-mnist}\nmodel:\n  input: " + input + "\n  layers:\n" + layers;
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null);
    }

    /** Our shapes as DL4J's activations would have them: [H, W, C] is [C, H, W] per example (NCHW). */
    private static List<Shape> dl4jShapes(MultiLayerNetwork network, Shape input) {
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, input.size());
        List<INDArray> activations = network.feedForward(x, false);
        List<Shape> shapes = new ArrayList<>();
        for (INDArray a : activations.subList(1, activations.size())) {
            long[] s = a.shape();
            shapes.add(s.length == 4 ? Shape.of((int) s[2], (int) s[3], (int) s[1]) : Shape.of((int) s[1]));
        }
        return shapes;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
                - {type: conv2d, filters: 6, kernel: 5, padding: same}
                - {type: maxpool}
                - {type: conv2d, filters: 16, kernel: 5}
                - {type: maxpool, kernel: 2}
                - {type: dense, units: 12}
                - {type: output, units: 10}
            """,
            """
                - {type: conv2d, filters: 4, kernel: 3, stride: 2, padding: same}
                - {type: batchnorm}
                - {type: conv2d, filters: 4, kernel: 4, stride: 2, padding: 1}
                - {type: avgpool, kernel: 3, stride: 1, padding: same}
                - {type: global_avgpool}
                - {type: output, units: 10}
            """,
            """
                - {type: conv2d, filters: 3, kernel: 3, stride: 3, padding: 1}
                - {type: maxpool, kernel: 3, stride: 2, padding: same}
                - {type: dropout, rate: 0.3}
                - {type: flatten}
                - {type: batchnorm}
                - {type: dense, units: 7}
                - {type: output, units: 10}
            """,
            """
                - {type: conv2d, filters: 5, kernel: 2, stride: 2}
                - {type: conv2d, filters: 5, kernel: 1, padding: 2}
                - {type: avgpool, kernel: 2, stride: 2, padding: 1}
                - {type: activation, activation: tanh}
                - {type: output, units: 10}
            """})
    void dl4jComputesTheShapesAndParameterCountsTheConfigInfers(String layers) {
        Experiment e = experiment("[28, 28, 1]", layers);
        MultiLayerNetwork network = NetworkFactory.build(e);
        assertThat(dl4jShapes(network, e.model().inputShape())).isEqualTo(e.model().shapes());
        assertThat(network.numParams()).isEqualTo(e.model().parameterCounts().stream().mapToLong(Long::longValue).sum());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{type: dense, units: 64}, {type: batchnorm}, {type: dropout}, {type: dense, units: 32}, {type: output, units: 10}]",
            "[{type: batchnorm}, {type: dense, units: 5, activation: tanh}, {type: activation, activation: relu}, {type: output, units: 10}]",
            "[{type: conv2d, filters: 8, kernel: 3}, {type: batchnorm}, {type: global_avgpool}, {type: batchnorm}, {type: output, units: 10}]"})
    void theSummaryTotalIsDl4jsParameterCount(String layers) {
        Experiment e = ConvolutionLayersTest.experiment("[28, 28, 1]", "    " + layers.replace("}, {", "}\n    - {")
                .replace("[{", "- {").replace("}]", "}") + "\n");
        assertThat(NetworkFactory.build(e).numParams()).isEqualTo(dlx.config.ModelSummary.totalParameters(e.model()));
    }

    @Test
    void nonSquareMultiChannelImagesWork() {
        Experiment e = experiment("[12, 20, 3]", """
                    - {type: conv2d, filters: 4, kernel: 3}
                    - {type: maxpool}
                    - {type: batchnorm}
                    - {type: output, units: 10}
                """);
        MultiLayerNetwork network = NetworkFactory.build(e);
        assertThat(e.model().shapes().get(1)).isEqualTo(Shape.of(5, 9, 4));
        assertThat(dl4jShapes(network, e.model().inputShape())).isEqualTo(e.model().shapes());
        assertThat(network.numParams()).isEqualTo(e.model().parameterCounts().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void samePaddingUsesDl4jSameModeAndTheRestStrictMode() {
        MultiLayerNetwork network = NetworkFactory.build(experiment("[8, 8, 1]", """
                    - {type: conv2d, filters: 2, kernel: 3, padding: same}
                    - {type: conv2d, filters: 2, kernel: 3, padding: 1}
                    - {type: output, units: 10}
                """));
        var conf = network.getLayerWiseConfigurations();
        assertThat(((ConvolutionLayer) conf.getConf(0).getLayer()).getConvolutionMode()).isEqualTo(ConvolutionMode.Same);
        assertThat(((ConvolutionLayer) conf.getConf(1).getLayer()).getConvolutionMode()).isEqualTo(ConvolutionMode.Strict);
    }
}
