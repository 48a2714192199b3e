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
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A bidirectional LSTM, GRU or simple RNN has exact gradients with every merge, passing on every step or one
 * output per sequence, and its one output per sequence is each direction's final state.
 */
class BidirectionalRnnTest {
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

    private static Layer cell(String kind, int units) {
        return switch (kind) {
            case "lstm" -> new LSTM.Builder().nOut(units).activation(Activation.TANH).build();
            case "gru" -> new Gru.Builder().nOut(units).activation(Activation.TANH).build();
            default -> new SimpleRnn.Builder().nOut(units).activation(Activation.TANH).build();
        };
    }

    private static MultiLayerNetwork network(Layer recurrent, Layer output, int inputs) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).list()
                .layer(recurrent).layer(output).setInputType(InputType.recurrent(inputs)).build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static boolean gradientsMatch(MultiLayerNetwork network, INDArray x, INDArray y) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    @ParameterizedTest
    @CsvSource({"lstm, CONCAT", "gru, CONCAT", "simple_rnn, CONCAT", "gru, ADD", "lstm, MUL", "gru, AVERAGE"})
    void oneOutputPerSequenceHasExactGradients(String kind, Bidirectional.Mode mode) {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork network = network(new BidirectionalRnn(mode, cell(kind, 3), true),
                new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 5).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 2);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        assertThat(gradientsMatch(network, x, y)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"lstm, CONCAT", "gru, CONCAT", "simple_rnn, ADD", "gru, MUL", "gru, AVERAGE"})
    void anOutputPerStepHasExactGradients(String kind, Bidirectional.Mode mode) {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork network = network(new BidirectionalRnn(mode, cell(kind, 3), false),
                new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 4).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 2, 4);
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < 4; t++) {
                y.putScalar(new int[] {i, (i + t) % 2, t}, 1.0);
            }
        }
        assertThat(gradientsMatch(network, x, y)).isTrue();
    }

    @Test
    void oneOutputPerSequenceIsEachDirectionsFinalState() {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork both = network(new BidirectionalRnn(Bidirectional.Mode.CONCAT, cell("gru", 3), true),
                new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), 2);
        MultiLayerNetwork one = network(cell("gru", 3), new RnnOutputLayer.Builder().nOut(2).build(), 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 6);
        INDArray out = both.feedForward(x, false).get(1);

        var oneWay = one.getLayer(0);
        var params = both.getLayer(0).paramTable();
        for (String direction : new String[] {"f", "b"}) {
            for (String key : new String[] {"W", "RW", "b", "Rb"}) {
                oneWay.setParam(key, params.get(direction + key));
            }
            INDArray read = direction.equals("f") ? x : TimeSeriesUtils.reverseTimeSeries(x);
            INDArray states = oneWay.activate(read, false, LayerWorkspaceMgr.noWorkspaces());
            INDArray last = states.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(5));
            INDArray half = out.get(NDArrayIndex.all(), NDArrayIndex.interval(direction.equals("f") ? 0 : 3, direction.equals("f") ? 3 : 6));
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(half.getDouble(i, j)).as(direction + " example %d unit %d", i, j).isCloseTo(last.getDouble(i, j), within(1e-12));
                }
            }
        }
    }

    @Test
    void aSavedBidirectionalGruLoadsBackAndComputesTheSame() throws IOException {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork network = network(new BidirectionalRnn(Bidirectional.Mode.ADD, cell("gru", 3), true),
                new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertThat(loaded.getLayerWiseConfigurations().getConf(0).getLayer()).isInstanceOf(BidirectionalRnn.class);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
        assertThat(loaded.output(x)).isEqualTo(network.output(x));
    }
}
