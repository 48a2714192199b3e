package dlx.model.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * dlx's GRU computes PyTorch's GRU equations (checked by hand on one step), its gradients agree with finite
 * differences (DL4J's GradientCheckUtil in double precision: sequences out, the last step out, masks, another
 * activation), and a saved network with it loads back.
 */
class GruTest {
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

    private static MultiLayerNetwork network(org.deeplearning4j.nn.conf.layers.Layer recurrent, org.deeplearning4j.nn.conf.layers.Layer output, int inputs) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).list()
                .layer(recurrent).layer(output).setInputType(InputType.recurrent(inputs)).build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static Gru gru(int units) {
        return new Gru.Builder().nOut(units).activation(Activation.TANH).build();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void oneStepIsPyTorchsGruWithTheResetGateAfterTheRecurrentProduct() {
        // 1 input, 2 units, 2 steps: the second step has a non-zero previous state, so r and Rb matter
        MultiLayerNetwork network = network(gru(2), new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY).nOut(1).build(), 1);
        var layer = network.getLayer(0);
        double[][] w = {{0.5, -0.3, 0.8, 0.1, -0.6, 0.2}};                   // [1, 3u]: r r z z n n
        double[][] rw = {{0.4, 0.7, -0.2, 0.3, 0.9, -0.5}, {-0.1, 0.2, 0.6, -0.4, 0.3, 0.8}}; // [u, 3u]
        double[] b = {0.1, -0.2, 0.05, 0.3, -0.1, 0.2};
        double[] rb = {-0.3, 0.1, 0.2, -0.05, 0.4, -0.2};
        layer.setParam("W", Nd4j.createFromArray(w));
        layer.setParam("RW", Nd4j.createFromArray(rw));
        layer.setParam("b", Nd4j.createFromArray(new double[][] {b}));
        layer.setParam("Rb", Nd4j.createFromArray(new double[][] {rb}));
        double[] xs = {0.7, -1.2};
        INDArray x = Nd4j.create(new double[] {xs[0], xs[1]}, new long[] {1, 1, 2});
        INDArray out = layer.activate(x, false, LayerWorkspaceMgr.noWorkspaces());

        double[] h = {0, 0};
        for (int t = 0; t < 2; t++) {
            double[] next = new double[2];
            for (int j = 0; j < 2; j++) {
                double hr = h[0] * rw[0][j] + h[1] * rw[1][j] + rb[j];
                double hz = h[0] * rw[0][2 + j] + h[1] * rw[1][2 + j] + rb[2 + j];
                double hn = h[0] * rw[0][4 + j] + h[1] * rw[1][4 + j] + rb[4 + j];
                double r = sigmoid(xs[t] * w[0][j] + b[j] + hr);
                double z = sigmoid(xs[t] * w[0][2 + j] + b[2 + j] + hz);
                double n = Math.tanh(xs[t] * w[0][4 + j] + b[4 + j] + r * hn);
                next[j] = (1 - z) * n + z * h[j];
            }
            h = next;
            assertThat(out.getDouble(0, 0, t)).as("step %d unit 0", t).isCloseTo(h[0], within(1e-12));
            assertThat(out.getDouble(0, 1, t)).as("step %d unit 1", t).isCloseTo(h[1], within(1e-12));
        }
    }

    @Test
    void theParametersAreThreeGatesOfInputAndRecurrentWeightsAndTwoBiases() {
        MultiLayerNetwork network = network(gru(4), new RnnOutputLayer.Builder().nOut(2).build(), 3);
        assertThat(network.getLayer(0).numParams()).isEqualTo(3 * (3 * 4 + 4 * 4 + 2 * 4));
        assertThat(network.getLayer(0).paramTable().keySet()).containsExactly("W", "RW", "b", "Rb");
        assertThat(network.getLayer(0).getParam("b").sumNumber().doubleValue()).isZero();
    }

    private static boolean gradientsMatch(MultiLayerNetwork network, INDArray x, INDArray y, INDArray mask) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network).input(x).labels(y)
                .inputMask(mask).labelMask(mask).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    private static INDArray oneHotPerStep(int examples, int classes, int steps) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, examples, classes, steps);
        for (int i = 0; i < examples; i++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(new int[] {i, (i + t) % classes, t}, 1.0);
            }
        }
        return y;
    }

    @Test
    void gradientsOfEveryStepsOutputAreExact() {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork network = network(gru(4), new RnnOutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build(), 3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3, 6).subi(0.5);
        assertThat(gradientsMatch(network, x, oneHotPerStep(5, 3, 6), null)).isTrue();
    }

    @Test
    void gradientsThroughTheLastStepAndAnotherActivationAreExact() {
        Nd4j.getRandom().setSeed(12345);
        Gru softsign = new Gru.Builder().nOut(3).activation(Activation.SOFTSIGN).build();
        MultiLayerNetwork network = network(new LastTimeStep(softsign), new OutputLayer.Builder().nOut(2)
                .activation(Activation.SOFTMAX).build(), 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 5).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 2);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        assertThat(gradientsMatch(network, x, y, null)).isTrue();
    }

    @Test
    void gradientsUnderAMaskAreExactAndMaskedStepsOutputZero() {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork network = network(gru(3), new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 5).subi(0.5);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
        assertThat(gradientsMatch(network, x, oneHotPerStep(3, 2, 5), mask)).isTrue();
        network.getLayer(0).setMaskArray(mask);
        INDArray out = network.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        assertThat(out.getDouble(1, 0, 3)).isZero();
        assertThat(out.getDouble(2, 2, 1)).isZero();
    }

    @Test
    void aSavedNetworkWithAGruLoadsBackAndComputesTheSame() throws IOException {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork network = network(gru(4), new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertThat(loaded.getLayerWiseConfigurations().getConf(0).getLayer()).isInstanceOf(Gru.class);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        assertThat(loaded.output(x)).isEqualTo(network.output(x));
    }
}
