package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dlx.config.ActivationConfig;
import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.InitConfig;
import dlx.config.LayerConfig;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The activations, initializers and losses of the config, as DL4J receives them. */
class VocabularyTest {
    private static final int FAN_IN = 400;
    private static final int FAN_OUT = 600;

    private static Experiment experiment(String task, String layers) {
        String data = task.equals("regression") ? "{source: synthetic, kind: sine}" : "{source: synthetic, kind: xor}";
        String yaml = "data: " + data + "\nmodel:\n  input: [" + FAN_IN + "]\n  layers:\n" + layers;
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null);
    }

    private static INDArray weightsOf(String init) {
        MultiLayerNetwork network = NetworkFactory.build(experiment("classification",
                "    - {type: dense, units: " + FAN_OUT + ", init: " + init + "}\n    - {type: output, units: 2}\n"));
        return network.getParam("0_W");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // init; expected standard deviation
            "he; " + 0.0707106781,                       // sqrt(2 / 400)
            "he_uniform; " + 0.0707106781,               // U(±sqrt(6 / 400)) has std sqrt(6/400)/sqrt(3) = sqrt(2/400)
            "xavier; " + 0.0447213595,                   // DL4J: sqrt(2 / (400 + 600))
            "xavier_uniform; " + 0.0447213595,           // U(±sqrt(6 / 1000)), std sqrt(2/1000)
            "lecun; " + 0.05,                            // sqrt(1 / 400)
            "'{type: normal, std: 0.03}'; 0.03",
            "'{type: uniform, limit: 0.1}'; " + 0.0577350269})  // limit / sqrt(3)
    void eachInitializerDrawsWithTheStandardDeviationOfItsFormula(String init, double std) {
        INDArray w = weightsOf(init);
        assertThat(w.meanNumber().doubleValue()).isCloseTo(0, within(std * 0.02));
        assertThat(w.stdNumber().doubleValue()).isCloseTo(std, within(std * 0.02));
    }

    @Test
    void uniformInitializersStayWithinTheirLimits() {
        assertThat(weightsOf("{type: uniform, limit: 0.1}").amaxNumber().doubleValue()).isLessThanOrEqualTo(0.1)
                .isGreaterThan(0.099);
        assertThat(weightsOf("he_uniform").amaxNumber().doubleValue()).isLessThanOrEqualTo(Math.sqrt(6.0 / FAN_IN))
                .isGreaterThan(0.99 * Math.sqrt(6.0 / FAN_IN));
        assertThat(weightsOf("xavier_uniform").amaxNumber().doubleValue())
                .isLessThanOrEqualTo(Math.sqrt(6.0 / (FAN_IN + FAN_OUT))).isGreaterThan(0.99 * Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
    }

    @Test
    void constantAndZerosSetEveryWeight() {
        INDArray constant = weightsOf("{type: constant, value: 0.25}");
        assertThat(constant.minNumber().doubleValue()).isEqualTo(0.25, within(1e-7));
        assertThat(constant.maxNumber().doubleValue()).isEqualTo(0.25, within(1e-7));
        assertThat(weightsOf("zeros").amaxNumber().doubleValue()).isZero();
    }

    @Test
    void convolutionFanInCountsTheKernelAndInputChannels() {
        Experiment e = ConvolutionLayersTest.experiment("[28, 28, 4]", """
                    - {type: conv2d, filters: 64, kernel: 5, init: he}
                    - {type: output, units: 10}
                """);
        INDArray w = NetworkFactory.build(e).getParam("0_W");
        assertThat(w.stdNumber().doubleValue()).isCloseTo(Math.sqrt(2.0 / (4 * 5 * 5)), within(0.003));
    }

    @Test
    void eachActivationIsTheMatchingDl4jFunction() {
        Map<String, Class<? extends IActivation>> expected = Map.ofEntries(Map.entry("sigmoid", ActivationSigmoid.class),
                Map.entry("tanh", ActivationTanH.class), Map.entry("relu", ActivationReLU.class),
                Map.entry("leaky_relu", ActivationLReLU.class), Map.entry("elu", ActivationELU.class),
                Map.entry("selu", ActivationSELU.class), Map.entry("gelu", ActivationGELU.class),
                Map.entry("swish", ActivationSwish.class), Map.entry("softplus", ActivationSoftPlus.class),
                Map.entry("softmax", ActivationSoftmax.class), Map.entry("identity", ActivationIdentity.class));
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(ActivationConfig.TYPES);
        for (var entry : expected.entrySet()) {
            MultiLayerNetwork network = NetworkFactory.build(experiment("classification",
                    "    - {type: dense, units: 3, activation: " + entry.getKey() + "}\n    - {type: output, units: 2}\n"));
            assertThat(((BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer()).getActivationFn())
                    .as(entry.getKey()).isInstanceOf(entry.getValue());
        }
    }

    @Test
    void leakyReluTakesItsSlopeAsAlpha() {
        Experiment e = experiment("classification", """
                    - {type: dense, units: 3, activation: {type: leaky_relu, alpha: 0.2}}
                    - {type: dense, units: 3, activation: leaky_relu}
                    - {type: output, units: 2}
                """);
        assertThat(e.model().layers().get(1).activation()).isEqualTo(new ActivationConfig("leaky_relu", 0.01));
        MultiLayerNetwork network = NetworkFactory.build(e);
        IActivation leaky = ((BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer()).getActivationFn();
        INDArray out = leaky.getActivation(Nd4j.createFromArray(-1.0f, 2.0f), false);
        assertThat(out.getDouble(0)).isCloseTo(-0.2, within(1e-6));
        assertThat(out.getDouble(1)).isCloseTo(2.0, within(1e-6));
        assertThat(ExperimentFile.toYaml(e)).contains("activation:\n      type: leaky_relu\n      alpha: 0.2\n")
                .contains("activation:\n      type: leaky_relu\n      alpha: 0.01\n");
    }

    @Test
    void onlyLeakyReluTakesAnAlpha() {
        assertThat(catchThrowableOfType(ConfigException.class, () -> experiment("classification",
                "    - {type: dense, units: 3, activation: {type: relu, alpha: 0.2}}\n    - {type: output, units: 2}\n")))
                .hasMessageContaining("model.layers[0].activation.alpha: not used by relu");
    }

    @ParameterizedTest
    @CsvSource({"cross_entropy, classification, org.nd4j.linalg.lossfunctions.impl.LossMCXENT",
            "binary_cross_entropy, classification, org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT",
            "hinge, classification, dlx.model.OneHotHinge",
            "mse, regression, org.nd4j.linalg.lossfunctions.impl.LossMSE",
            "mae, regression, org.nd4j.linalg.lossfunctions.impl.LossMAE",
            "sse, regression, dlx.model.SumOfSquaredErrors"})
    void eachLossIsTheMatchingDl4jFunction(String loss, String task, String dl4jClass) {
        MultiLayerNetwork network = NetworkFactory.build(experiment(task,
                "    - {type: output, units: " + (task.equals("regression") ? 1 : 2) + ", loss: " + loss + "}\n"));
        OutputLayer output = (OutputLayer) network.getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(output.getLossFn().getClass().getName()).isEqualTo(dl4jClass);
    }

    @Test
    void hingeTreatsTheZerosOfOneHotLabelsAsMinusOne() {
        OneHotHinge hinge = new OneHotHinge();
        IActivation identity = new ActivationIdentity();
        INDArray labels = Nd4j.createFromArray(new float[][] {{1, 0, 0}});
        // margins met: the right class at >= 1, the others at <= -1
        assertThat(hinge.computeScore(labels, Nd4j.createFromArray(new float[][] {{1.5f, -1, -2}}), identity, null, true))
                .isZero();
        // a wrong class at 0.5 costs 1 + 0.5; the right class at 0.5 costs 1 - 0.5
        assertThat(hinge.computeScore(labels, Nd4j.createFromArray(new float[][] {{0.5f, 0.5f, -1}}), identity, null, true))
                .isCloseTo(2.0, within(1e-6));
    }

    @Test
    void aHingeNetworkSurvivesSavingAndLoading() throws Exception {
        MultiLayerNetwork network = NetworkFactory.build(experiment("classification",
                "    - {type: dense, units: 3, activation: {type: leaky_relu, alpha: 0.2}}\n"
                        + "    - {type: output, units: 2, loss: hinge}\n"));
        var bytes = new java.io.ByteArrayOutputStream();
        org.deeplearning4j.util.ModelSerializer.writeModel(network, bytes, true);
        MultiLayerNetwork restored = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
                new java.io.ByteArrayInputStream(bytes.toByteArray()), true);
        assertThat(((OutputLayer) restored.getLayerWiseConfigurations().getConf(1).getLayer()).getLossFn())
                .isInstanceOf(OneHotHinge.class);
        assertThat(((ActivationLReLU) ((BaseLayer) restored.getLayerWiseConfigurations().getConf(0).getLayer())
                .getActivationFn()).getAlpha()).isEqualTo(0.2);
    }

    @Test
    void initializerDefaultsAndParametersAreChecked() {
        assertThat(((LayerConfig.Dense) experiment("classification", "    - {type: dense, units: 3, init: {type: constant, value: 0.5}}\n"
                + "    - {type: output, units: 2}\n").model().layers().get(0)).init())
                .isEqualTo(new InitConfig("constant", null, null, 0.5));
        assertThat(catchThrowableOfType(ConfigException.class, () -> experiment("classification",
                "    - {type: dense, units: 3, init: constant}\n    - {type: output, units: 2}\n")))
                .hasMessageContaining("model.layers[0].init.value: constant needs a finite value");
    }
}
