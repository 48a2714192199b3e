package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.LayerConfig;
import dlx.model.kernel.Kernels;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Backpropagation through the networks NetworkFactory builds agrees with central differences ({@link GradientCheck},
 * the check {@code dlx gradcheck} runs, in double precision, every parameter value), both with DL4J's layers and
 * with dlx's kernels in their place.
 */
class GradientCheckTest {
    private static final int STEPS = 5;
    /** dlx gradcheck's defaults, on every value of every parameter array. */
    private static final GradientCheck.Settings EVERY_VALUE = new GradientCheck.Settings(
            GradientCheck.Settings.DEFAULTS.examples(), GradientCheck.Settings.DEFAULTS.epsilon(),
            GradientCheck.Settings.DEFAULTS.threshold(), 0);
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

    private static Experiment experiment(String input, String task, String layers, String kernels) {
        String data = switch (task) {
            case "regression" -> "{source: synthetic, kind: sine}";
            case "per-step" -> "{source: synthetic, kind: parity, steps: " + STEPS + ", normalize: none}";
            default -> "{source: synthetic, kind: xor}";
        };
        String yaml = "seed: 7\ndata: " + data + "\nmodel:\n  input: " + input + "\n  kernels: " + kernels
                + "\n  defaults: {activation: tanh, init: xavier}\n  layers:\n" + layers;
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null);
    }

    /** Four random examples of shape {@code input} ([features], or [features, steps] for sequences). */
    private static void assertExactGradients(String input, String task, String layers, int outputs, long... shape) {
        Nd4j.getRandom().setSeed(12345);
        int n = 4;
        long[] full = new long[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        INDArray x = Nd4j.rand(DataType.DOUBLE, full).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, outputs);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, outputs == 1 ? 0 : i % outputs, outputs == 1 ? 0.3 * i - 0.5 : 1.0);
        }
        assertExactGradients(input, task, layers, x, y);
    }

    /** The check passes for the network with DL4J's layers and with dlx's kernels, on the same initial weights. */
    private static void assertExactGradients(String input, String task, String layers, INDArray x, INDArray y) {
        for (String kernels : List.of(Kernels.STOCK, Kernels.DLX)) {
            Experiment experiment = experiment(input, task, layers, kernels);
            MultiLayerNetwork network = GradientCheck.network(experiment);
            if (kernels.equals(Kernels.DLX)) {
                assertThat(Kernels.layersWithoutKernel(network)).isEmpty();
            }
            List<String> names = experiment.model().layers().stream().map(LayerConfig::type).toList();
            GradientCheck.Report report = GradientCheck.check(network, x, y, names, names, List.of(), EVERY_VALUE, 7);
            assertThat(report.passed()).as(kernels + "\n" + report.table()).isTrue();
            // all but batch normalization's running statistics, which no gradient trains
            long trained = network.paramTable().entrySet().stream()
                    .filter(p -> !p.getKey().endsWith("_mean") && !p.getKey().endsWith("_log10stdev"))
                    .mapToLong(p -> p.getValue().length()).sum();
            assertThat(report.rows().stream().mapToLong(GradientCheck.Row::checked).sum()).as("values checked")
                    .isEqualTo(trained);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: dense, units: 5}, {type: dense, units: 4, activation: sigmoid}, {type: output, units: 3}]",
            "[{type: dense, units: 5, activation: selu}, {type: dense, units: 4, activation: softplus}, {type: output, units: 3, loss: binary_cross_entropy}]",
            "[{type: dense, units: 5, activation: {type: leaky_relu, alpha: 0.2}}, {type: dense, units: 4, activation: swish}, {type: output, units: 3, loss: hinge}]",
            "[{type: dense, units: 5}, {type: output, units: 3, loss: sse}]",
            "[{type: dense, units: 5}, {type: output, units: 3, loss: sse, activation: sigmoid}]"})
    void denseNetworksHaveExactGradients(String layers) {
        assertExactGradients("[6]", "classification", "    " + toBlock(layers), 3, 6);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"mse", "mae", "sse", "rmse"})
    void regressionLossesHaveExactGradients(String loss) {
        assertExactGradients("[3]", "regression", "    - {type: dense, units: 4}\n    - {type: output, units: 1, loss: "
                + loss + "}\n", 1, 3);
    }

    @Test
    void binaryCrossEntropyOnOneSigmoidOutputHasExactGradients() {
        Nd4j.getRandom().setSeed(12345);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3).subi(0.5);
        INDArray y = Nd4j.createFromArray(0.0, 1.0, 1.0, 0.0, 1.0, 0.0).reshape(6, 1);
        assertExactGradients("[3]", "classification",
                "    - {type: dense, units: 4}\n    - {type: output, units: 1, loss: binary_cross_entropy}\n", x, y);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: conv2d, filters: 3, kernel: 3, padding: same}, {type: maxpool}, {type: conv2d, filters: 2, kernel: 2}, {type: dense, units: 4}, {type: output, units: 3}]",
            "[{type: conv2d, filters: 2, kernel: 4, stride: 2, padding: 1}, {type: avgpool, kernel: 2, stride: 1}, {type: flatten}, {type: output, units: 3}]",
            "[{type: conv2d, filters: 3, kernel: 2}, {type: global_avgpool}, {type: output, units: 3}]"})
    void convolutionAndPoolingHaveExactGradients(String layers) {
        assertExactGradients("[6, 6, 2]", "classification", "    " + toBlock(layers), 3, 6 * 6 * 2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: dense, units: 5}, {type: batchnorm}, {type: output, units: 3}]",
            "[{type: conv2d, filters: 3, kernel: 3}, {type: batchnorm}, {type: maxpool}, {type: output, units: 3}]"})
    void batchNormalizationHasExactGradients(String layers) {
        // the running mean and deviation (DL4J keeps log10 of it) are statistics, not trained by gradient: not checked
        assertExactGradients("[6, 6, 2]", "classification", "    " + toBlock(layers), 3, 6 * 6 * 2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: lstm, units: 4}, {type: output, units: 3}]",
            "[{type: simple_rnn, units: 4}, {type: output, units: 3}]",
            "[{type: lstm, units: 3}, {type: simple_rnn, units: 4, activation: sigmoid}, {type: global_avgpool}, {type: output, units: 3}]"})
    void recurrentManyToOneNetworksHaveExactGradients(String layers) {
        // DL4J's sequences: [features, steps]
        assertExactGradients("[" + STEPS + ", 3]", "classification", "    " + toBlock(layers), 3, 3, STEPS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[{type: lstm, units: 4}, {type: rnn_output, units: 2}]",
            "[{type: embedding, vocab: 2, units: 3}, {type: simple_rnn, units: 4}, {type: rnn_output, units: 2}]",
            "[{type: lstm, units: 4}, {type: rnn_output, units: 2, loss: sse}]",
            "[{type: lstm, units: 4}, {type: rnn_output, units: 1, loss: binary_cross_entropy}]"})
    void recurrentPerStepNetworksHaveExactGradients(String layers) {
        Nd4j.getRandom().setSeed(12345);
        INDArray bits = Nd4j.rand(DataType.DOUBLE, 4, 1, STEPS).gt(0.5).castTo(DataType.DOUBLE);
        // one-hot over two classes, or the bit itself for one sigmoid output
        boolean oneOutput = layers.contains("units: 1,");
        INDArray y = oneOutput ? bits.dup() : Nd4j.zeros(DataType.DOUBLE, 4, 2, STEPS);
        for (int i = 0; i < 4 && !oneOutput; i++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(new int[] {i, (int) bits.getDouble(i, 0, t), t}, 1.0);
            }
        }
        assertExactGradients("[" + STEPS + ", 1]", "per-step", "    " + toBlock(layers), bits, y);
    }

    /** Half of SumOfSquaredErrors' gradient, with its score: a backpropagation bug the check must catch. */
    private static final class HalvedGradient extends SumOfSquaredErrors {
        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return super.computeGradient(labels, preOutput, activationFn, mask).muli(0.5);
        }
    }

    @Test
    void aWrongGradientFailsTheCheckInEveryParameterItReaches() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new HalvedGradient()).nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .build());
        network.init();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 5, 2);

        GradientCheck.Report report = GradientCheck.check(network, x, y, List.of("layers[0]", "layers[1]"),
                List.of("dense/tanh", "output/identity"), List.of(), EVERY_VALUE, 1);

        assertThat(report.passed()).isFalse();
        assertThat(report.rows()).extracting(GradientCheck.Row::parameter).containsExactly("W", "b", "W", "b");
        // the numerical gradient is twice the analytic one: a relative error of 1/2 in every value
        assertThat(report.rows()).allSatisfy(row -> {
            assertThat(row.failed()).isEqualTo(row.checked());
            assertThat(row.maxError()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-4));
        });
        assertThat(report.table()).contains("FAILED: 26 of 26 checked values have a relative error above 1.0e-03");
    }

    /** "[{a}, {b}]" as YAML list entries, one per line. */
    private static String toBlock(String flow) {
        return flow.substring(1, flow.length() - 1).replace("}, {type", "}\n    - {type").replaceFirst("^\\{", "- {") + "\n";
    }
}
