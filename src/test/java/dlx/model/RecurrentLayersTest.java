package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.Loss;
import dlx.config.Shape;
import dlx.data.Batches;
import dlx.data.Split;
import dlx.eval.SplitEvaluation;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The recurrent layers DL4J builds from a config have the shapes, sizes and settings the config says. */
class RecurrentLayersTest {
    private static Experiment experiment(String data, String input, String layers) {
        String yaml = "data: " + data + "\nmodel:\n  input: " + input + "\n  layers:\n" + layers;
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null);
    }

    /** Our shapes as DL4J's activations have them: a sequence [T, F] is [F, T] per example (NCW). */
    private static List<Shape> dl4jShapes(MultiLayerNetwork network, Shape input) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, input.stepFeatures(), input.timesteps());
        List<INDArray> activations = network.feedForward(x, false);
        List<Shape> shapes = new ArrayList<>();
        for (INDArray a : activations.subList(1, activations.size())) {
            long[] s = a.shape();
            shapes.add(s.length == 3 ? Shape.of((int) s[2], (int) s[1]) : Shape.of((int) s[1]));
        }
        return shapes;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
                - {type: lstm, units: 6}
                - {type: output, units: 10}
            """,
            """
                - {type: simple_rnn, units: 5}
                - {type: dropout, rate: 0.3}
                - {type: lstm, units: 4}
                - {type: global_avgpool}
                - {type: dense, units: 3}
                - {type: output, units: 10}
            """,
            """
                - {type: lstm, units: 4, return_sequences: true}
                - {type: activation, activation: relu}
                - {type: simple_rnn, units: 3, activation: sigmoid}
                - {type: output, units: 10}
            """})
    void dl4jComputesTheShapesAndParameterCountsTheConfigInfers(String layers) {
        Experiment e = experiment("{source: fashion-mnist}", "[28, 28]", layers);
        MultiLayerNetwork network = NetworkFactory.build(e);
        assertThat(dl4jShapes(network, e.model().inputShape())).isEqualTo(e.model().shapes());
        assertThat(network.numParams()).isEqualTo(dlx.config.ModelSummary.totalParameters(e.model()));
    }

    @Test
    void anEmbeddingAndAPerStepOutputKeepEveryStep() {
        Experiment e = experiment("{source: synthetic, kind: parity, steps: 7, normalize: none}", "[7, 1]", """
                    - {type: embedding, vocab: 2, units: 3}
                    - {type: lstm, units: 4}
                    - {type: rnn_output, units: 2}
                """);
        MultiLayerNetwork network = NetworkFactory.build(e);
        assertThat(e.model().shapes()).containsExactly(Shape.of(7, 3), Shape.of(7, 4), Shape.of(7, 2));
        assertThat(dl4jShapes(network, e.model().inputShape())).isEqualTo(e.model().shapes());
        assertThat(network.numParams()).isEqualTo(2 * 3 + (4 * 4 * (3 + 4) + 4 * 4) + (4 * 2 + 2));
    }

    @Test
    void anLstmGetsTanhAndXavierByDefaultAndKeepsOnlyTheLastStepBeforeAnOutputLayer() {
        Experiment e = experiment("{source: fashion-mnist}", "[28, 28]", """
                    - {type: lstm, units: 8}
                    - {type: output, units: 10}
                """);
        var layer = NetworkFactory.configuration(e).getConf(0).getLayer();
        assertThat(layer).isInstanceOf(LastTimeStep.class);
        LSTM lstm = (LSTM) ((LastTimeStep) layer).getUnderlying();
        assertThat(lstm.getActivationFn()).isInstanceOf(ActivationTanH.class);
        assertThat(lstm.getWeightInitFn()).isInstanceOf(WeightInitXavier.class);
        assertThat(lstm.getNIn()).isEqualTo(28);
    }

    /** Per step, the evaluation's loss is DL4J's training loss (summed over the steps) divided by the steps. */
    @Test
    void thePerStepLossIsTheMeanOverStepsOfWhatDl4jMinimises() {
        int steps = 5;
        Experiment e = experiment("{source: synthetic, kind: parity, steps: 5}", "[5, 1]", """
                    - {type: simple_rnn, units: 4}
                    - {type: rnn_output, units: 2}
                """);
        MultiLayerNetwork network = NetworkFactory.build(e);
        float[] bits = {0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1};
        int[] labels = {0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1};
        Split split = new Split(bits, 3, steps, labels, null, steps);
        SplitEvaluation evaluation = SplitEvaluation.of(network, split, new Batches(split, 2, steps, 2, false, 0), 2, Loss.CROSS_ENTROPY);
        DataSet all = new Batches(split, 2, steps, 3, false, 0).next();
        assertThat(evaluation.loss()).isCloseTo(network.score(all) / steps, within(1e-5));
        assertThat(evaluation.predictedLabels()).hasSize(15);
    }
}
