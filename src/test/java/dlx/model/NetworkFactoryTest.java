package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import java.util.List;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class NetworkFactoryTest {
    private static Experiment experiment(String layers, String... overrides) {
        String yaml = "data: {source: synthetic, kind: xor}\nmodel:\n  layers:\n" + layers;
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(overrides), "exp", d -> List.of(2));
    }

    @Test
    void dropoutRateIsTheProbabilityToDrop() {
        MultiLayerNetwork network = NetworkFactory.build(experiment("""
                    - {type: dense, units: 4}
                    - {type: dropout, rate: 0.2}
                    - {type: output, units: 2}
                """));
        Dropout dropout = (Dropout) network.getLayerWiseConfigurations().getConf(1).getLayer().getIDropout();
        assertThat(dropout.getP()).as("DL4J's p is the probability to keep").isEqualTo(0.8, within(1e-12));
    }

    @Test
    void layersGetTheirActivationAndSizes() {
        MultiLayerNetwork network = NetworkFactory.build(experiment("""
                    - {type: dense, units: 5, activation: tanh}
                    - {type: batchnorm}
                    - {type: output, units: 2}
                """));
        BaseLayer dense = (BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(dense.getActivationFn()).isInstanceOf(ActivationTanH.class);
        // dense 2*5+5, batchnorm 4 per unit (gamma, beta, running mean, running variance), output 5*2+2
        assertThat(network.numParams()).isEqualTo(15 + 20 + 12);
    }

    @Test
    void zerosAndNormalInitializersDrawWhatTheySay() {
        MultiLayerNetwork zeros = NetworkFactory.build(experiment("""
                    - {type: dense, units: 300, init: zeros}
                    - {type: output, units: 2}
                """));
        assertThat(zeros.getParam("0_W").sumNumber().doubleValue()).isZero();

        MultiLayerNetwork normal = NetworkFactory.build(experiment("""
                    - {type: dense, units: 5000, init: {type: normal, std: 0.05}}
                    - {type: output, units: 2}
                """));
        INDArray w = normal.getParam("0_W");
        assertThat(w.meanNumber().doubleValue()).isCloseTo(0, within(0.003));
        assertThat(w.stdNumber().doubleValue()).isCloseTo(0.05, within(0.002));
    }

    @Test
    void heInitializerHasVarianceTwoOverFanIn() {
        String yaml = """
                data: {source: synthetic, kind: sine}
                model:
                  input: [400]
                  layers:
                    - {type: dense, units: 400, init: he}
                    - {type: output, units: 1}
                """;
        MultiLayerNetwork network = NetworkFactory.build(
                ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null));
        assertThat(network.getParam("0_W").stdNumber().doubleValue()).isCloseTo(Math.sqrt(2.0 / 400), within(0.002));
    }

    @Test
    void l2AddsHalfTheSquaredWeightsTimesItsCoefficientToTheLoss() {
        String layers = """
                    - {type: dense, units: 3}
                    - {type: output, units: 2}
                """;
        MultiLayerNetwork plain = NetworkFactory.build(experiment(layers));
        MultiLayerNetwork penalised = NetworkFactory.build(experiment(layers, "regularization.l2=0.1"));
        penalised.setParams(plain.params().dup());
        DataSet batch = new DataSet(Nd4j.createFromArray(new float[][] {{1, -1}, {0.5f, 2}}),
                Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}));
        double weights = plain.getParam("0_W").norm2Number().doubleValue();
        double outWeights = plain.getParam("1_W").norm2Number().doubleValue();
        double expected = 0.5 * 0.1 * (weights * weights + outWeights * outWeights);
        assertThat(penalised.score(batch) - plain.score(batch)).isCloseTo(expected, within(1e-5));
    }
}
