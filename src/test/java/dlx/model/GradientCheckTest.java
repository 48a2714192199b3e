package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.kernel.Kernels;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Backpropagation through the networks NetworkFactory builds agrees with finite differences (DL4J's
 * GradientCheckUtil, in double precision, with the updater off so the check sees raw gradients), both with
 * DL4J's layers and with dlx's kernels in their place.
 */
class GradientCheckTest {
    private static final int STEPS = 5;
    private static DataType previousType;
    private static DataType previousFloatType;

    @BeforeAll
    static void doublePrecision() {
        previousType = Nd4j.dataType();
        previousFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousType, previousFloatType);
    }

    private static MultiLayerNetwork doubleNetwork(String input, String task, String layers) {
        String data = switch (task) {
            case "regression" -> "{source: synthetic, kind: sine}";
            case "per-step" -> "{source: synthetic, kind: parity, steps: " + STEPS + ", normalize: none}";
            default -> "{source: synthetic, kind: xor}";
        };
        String yaml = "seed: 7\ndata: " + data + "\nmodel:\n  input: " + input + "\n  defaults: {activation: tanh, init: xavier}"
                + "\n  layers:\n" + layers;
        Experiment e = ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null);
        MultiLayerConfiguration conf = NetworkFactory.configuration(e);
        conf.setDataType(DataType.DOUBLE);
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            var inner = layer.getLayer() instanceof BaseWrapperLayer wrapper ? wrapper.getUnderlying() : layer.getLayer();
            if (inner instanceof BaseLayer base) {
                base.setIUpdater(new NoOp());
            }
        }
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** Four random examples of shape {@code input} ([features], or [features, steps] for sequences). */
    private static boolean gradientsMatch(MultiLayerNetwork network, int outputs, Set<String> exclude, long... input) {
        Nd4j.getRandom().setSeed(12345);
        int n = 4;
        long[] shape = new long[input.length + 1];
        shape[0] = n;
        System.arraycopy(input, 0, shape, 1, input.length);
        INDArray x = Nd4j.rand(DataType.DOUBLE, shape).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, outputs);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, outputs == 1 ? 0 : i % outputs, outputs == 1 ? 0.3 * i - 0.5 : 1.0);
        }
        return gradientsMatch(network, x, y, exclude);
    }

    private static boolean gradientsMatch(MultiLayerNetwork network, INDArray x, INDArray y, Set<String> exclude) {
        MultiLayerNetwork withKernels = new MultiLayerNetwork(network.getLayerWiseConfigurations().clone());
        withKernels.init(network.params().dup(), false);
        Kernels.install(withKernels, Kernels.DLX);
        assertThat(Kernels.layersWithoutKernel(withKernels)).isEmpty();
        return check(network, x, y, exclude) && check(withKernels, x, y, exclude);
    }

    private static boolean check(MultiLayerNetwork network, INDArray x, INDArray y, Set<String> exclude) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).excludeParams(exclude).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: dense, units: 5}, {type: dense, units: 4, activation: sigmoid}, {type: output, units: 3}]",
            "[{type: dense, units: 5, activation: selu}, {type: dense, units: 4, activation: softplus}, {type: output, units: 3, loss: binary_cross_entropy}]",
            "[{type: dense, units: 5, activation: {type: leaky_relu, alpha: 0.2}}, {type: dense, units: 4, activation: swish}, {type: output, units: 3, loss: hinge}]"})
    void denseNetworksHaveExactGradients(String layers) {
        MultiLayerNetwork network = doubleNetwork("[6]", "classification", "    " + toBlock(layers));
        assertThat(gradientsMatch(network, 3, Set.of(), 6)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"mse", "mae", "sse"})
    void regressionLossesHaveExactGradients(String loss) {
        MultiLayerNetwork network = doubleNetwork("[3]", "regression",
                "    - {type: dense, units: 4}\n    - {type: output, units: 1, loss: " + loss + "}\n");
        assertThat(gradientsMatch(network, 1, Set.of(), 3)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: conv2d, filters: 3, kernel: 3, padding: same}, {type: maxpool}, {type: conv2d, filters: 2, kernel: 2}, {type: dense, units: 4}, {type: output, units: 3}]",
            "[{type: conv2d, filters: 2, kernel: 4, stride: 2, padding: 1}, {type: avgpool, kernel: 2, stride: 1}, {type: flatten}, {type: output, units: 3}]",
            "[{type: conv2d, filters: 3, kernel: 2}, {type: global_avgpool}, {type: output, units: 3}]"})
    void convolutionAndPoolingHaveExactGradients(String layers) {
        MultiLayerNetwork network = doubleNetwork("[6, 6, 2]", "classification", "    " + toBlock(layers));
        assertThat(gradientsMatch(network, 3, Set.of(), 6 * 6 * 2)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: dense, units: 5}, {type: batchnorm}, {type: output, units: 3}]; 1_mean,1_log10stdev",
            "[{type: conv2d, filters: 3, kernel: 3}, {type: batchnorm}, {type: maxpool}, {type: output, units: 3}]; 1_mean,1_log10stdev"})
    void batchNormalizationHasExactGradients(String layers, String runningStatistics) {
        MultiLayerNetwork network = doubleNetwork("[6, 6, 2]", "classification", "    " + toBlock(layers));
        // the running mean and deviation (DL4J keeps log10 of it) are statistics, not trained by gradient
        assertThat(gradientsMatch(network, 3, Set.of(runningStatistics.split(",")), 6 * 6 * 2)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: lstm, units: 4}, {type: output, units: 3}]",
            "[{type: simple_rnn, units: 4}, {type: output, units: 3}]",
            "[{type: lstm, units: 3}, {type: simple_rnn, units: 4, activation: sigmoid}, {type: global_avgpool}, {type: output, units: 3}]"})
    void recurrentManyToOneNetworksHaveExactGradients(String layers) {
        MultiLayerNetwork network = doubleNetwork("[" + STEPS + ", 3]", "classification", "    " + toBlock(layers));
        assertThat(gradientsMatch(network, 3, Set.of(), 3, STEPS)).isTrue(); // DL4J's sequences: [features, steps]
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: lstm, units: 4}, {type: rnn_output, units: 2}]",
            "[{type: embedding, vocab: 2, units: 3}, {type: simple_rnn, units: 4}, {type: rnn_output, units: 2}]"})
    void recurrentPerStepNetworksHaveExactGradients(String layers) {
        MultiLayerNetwork network = doubleNetwork("[" + STEPS + ", 1]", "per-step", "    " + toBlock(layers));
        Nd4j.getRandom().setSeed(12345);
        INDArray bits = Nd4j.rand(DataType.DOUBLE, 4, 1, STEPS).gt(0.5).castTo(DataType.DOUBLE);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 2, STEPS);
        for (int i = 0; i < 4; i++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(new int[] {i, (int) bits.getDouble(i, 0, t), t}, 1.0);
            }
        }
        assertThat(gradientsMatch(network, bits, y, Set.of())).isTrue();
    }

    /** "[{a}, {b}]" as YAML list entries, one per line. */
    private static String toBlock(String flow) {
        return flow.substring(1, flow.length() - 1).replace("}, {type", "}\n    - {type").replaceFirst("^\\{", "- {") + "\n";
    }
}
