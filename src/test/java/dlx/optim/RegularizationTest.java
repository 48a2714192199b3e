package dlx.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.NetworkFactory;
import java.util.List;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

class RegularizationTest {
    private static final DataSet BATCH = new DataSet(Nd4j.createFromArray(new float[][] {{1, -1}, {0.5f, 2}}),
            Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}));

    private static MultiLayerNetwork network(String... overrides) {
        String yaml = """
                data: {source: synthetic, kind: xor}
                model:
                  layers:
                    - {type: dense, units: 3}
                    - {type: output, units: 2}
                optimizer: {type: sgd, lr: 0.1}
                """;
        Experiment e = ExperimentFile.parse(yaml, "exp.yaml", false, List.of(overrides), "exp", d -> List.of(2));
        return NetworkFactory.build(e);
    }

    private static BaseLayer layer(MultiLayerNetwork network, int index) {
        return (BaseLayer) network.getLayerWiseConfigurations().getConf(index).getLayer();
    }

    /** Trains {@code network} one step on BATCH from {@code plain}'s weights; returns them afterwards. */
    private static MultiLayerNetwork oneStepFrom(MultiLayerNetwork plain, MultiLayerNetwork network) {
        network.setParams(plain.params().dup());
        network.fit(BATCH);
        return network;
    }

    @Test
    void everyPenaltyReachesTheLayersWithItsCoefficient() {
        List<Regularization> l1l2 = layer(network("regularization={l1: 0.001, l2: 0.002}"), 0).getRegularization();
        assertThat(l1l2).hasSize(2);
        assertThat(((L1Regularization) l1l2.get(0)).getL1().valueAt(0, 0)).isEqualTo(0.001);
        assertThat(((L2Regularization) l1l2.get(1)).getL2().valueAt(0, 0)).isEqualTo(0.002);

        BaseLayer decayed = layer(network("regularization.weight_decay=0.01"), 1);
        WeightDecay decay = (WeightDecay) decayed.getRegularization().get(0);
        assertThat(decay.getCoeff().valueAt(0, 0)).as("halved: DL4J applies it twice per update").isEqualTo(0.005);
        assertThat(decay.isApplyLR()).as("decoupled, scaled by the learning rate as in PyTorch's AdamW").isTrue();
        assertThat(decayed.getRegularizationBias()).as("biases are not decayed").isEmpty();

        BaseLayer clipped = layer(network("regularization.gradient_clip={mode: value, value: 0.5}"), 0);
        assertThat(clipped.getGradientNormalization()).isEqualTo(GradientNormalization.ClipElementWiseAbsoluteValue);
        assertThat(clipped.getGradientNormalizationThreshold()).isEqualTo(0.5);
        BaseLayer normed = layer(network("regularization.gradient_clip={mode: norm}"), 1);
        assertThat(normed.getGradientNormalization()).isEqualTo(GradientNormalization.ClipL2PerLayer);
        assertThat(normed.getGradientNormalizationThreshold()).isEqualTo(1.0);

        MaxNormConstraint maxNorm = (MaxNormConstraint) layer(network("regularization.max_norm=2"), 0).getConstraints().get(0);
        assertThat(maxNorm.getMaxNorm()).isEqualTo(2.0);
        assertThat(maxNorm.getParams()).containsExactly("W");
    }

    @Test
    void nothingIsAppliedByDefault() {
        BaseLayer layer = layer(network(), 0);
        assertThat(layer.getRegularization()).isEmpty();
        assertThat(layer.getGradientNormalization()).isEqualTo(GradientNormalization.None);
        assertThat(layer.getConstraints()).isNullOrEmpty();
    }

    @Test
    void l1AddsItsCoefficientTimesTheAbsoluteWeightsToTheLoss() {
        MultiLayerNetwork plain = network();
        MultiLayerNetwork penalised = network("regularization.l1=0.1");
        penalised.setParams(plain.params().dup());
        double absolute = plain.getParam("0_W").norm1Number().doubleValue() + plain.getParam("1_W").norm1Number().doubleValue();
        assertThat(penalised.score(BATCH) - plain.score(BATCH)).isCloseTo(0.1 * absolute, within(1e-5));
    }

    @Test
    void weightDecayShrinksEachWeightByLrTimesItsCoefficientAfterTheUpdate() {
        MultiLayerNetwork plain = network();
        INDArray before = plain.getParam("0_W").dup();
        MultiLayerNetwork decayed = oneStepFrom(plain, network("regularization.weight_decay=0.05"));
        MultiLayerNetwork undecayed = oneStepFrom(plain, network());
        // w' = w − lr·g − lr·λ·w: the two differ by 0.1·0.05·w
        INDArray difference = undecayed.getParam("0_W").sub(decayed.getParam("0_W"));
        assertThat(difference.ravel().toDoubleVector()).containsExactly(before.mul(0.1 * 0.05).ravel().toDoubleVector(), within(1e-6));
        assertThat(decayed.getParam("0_b")).isEqualTo(undecayed.getParam("0_b"));
    }

    @Test
    void weightDecayAloneShrinksWeightsGeometricallyStepAfterStep() {
        MultiLayerNetwork decayed = network("regularization.weight_decay=0.05");
        INDArray before = decayed.getParam("0_W").dup();
        // zero inputs give the first layer's weights a zero gradient: only the decay moves them
        DataSet zeros = new DataSet(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2), BATCH.getLabels());
        for (int step = 0; step < 3; step++) {
            decayed.fit(zeros);
        }
        // w·(1 − lr·λ)^3 = w·0.995^3
        assertThat(decayed.getParam("0_W").ravel().toDoubleVector())
                .containsExactly(before.mul(Math.pow(1 - 0.1 * 0.05, 3)).ravel().toDoubleVector(), within(1e-6));
    }

    @Test
    void valueClippingBoundsEveryGradientElement() {
        MultiLayerNetwork plain = network("optimizer.lr=1");
        INDArray before = plain.params().dup();
        MultiLayerNetwork clipped = oneStepFrom(plain, network("optimizer.lr=1", "regularization.gradient_clip={mode: value, value: 0.001}"));
        // lr 1: each parameter moves by its clipped gradient, at most 0.001
        assertThat(clipped.params().sub(before).amaxNumber().doubleValue()).isLessThanOrEqualTo(0.001 + 1e-7).isGreaterThan(0);
    }

    @Test
    void normClippingBoundsEachLayersGradientNorm() {
        MultiLayerNetwork plain = network("optimizer.lr=1");
        MultiLayerNetwork clipped = oneStepFrom(plain, network("optimizer.lr=1", "regularization.gradient_clip={value: 0.01}"));
        for (int layer = 0; layer < 2; layer++) {
            double w = clipped.getParam(layer + "_W").sub(plain.getParam(layer + "_W")).norm2Number().doubleValue();
            double b = clipped.getParam(layer + "_b").sub(plain.getParam(layer + "_b")).norm2Number().doubleValue();
            assertThat(Math.sqrt(w * w + b * b)).as("layer " + layer).isCloseTo(0.01, within(1e-5));
        }
    }

    @Test
    void maxNormRescalesEachUnitsIncomingWeightsAfterTheUpdate() {
        MultiLayerNetwork plain = network();
        plain.setParams(plain.params().mul(10));
        MultiLayerNetwork limited = oneStepFrom(plain, network("regularization.max_norm=0.5"));
        // a dense layer's W is [inputs, units]: column j holds unit j's incoming weights
        for (double norm : limited.getParam("0_W").norm2(0).toDoubleVector()) {
            assertThat(norm).isCloseTo(0.5, within(1e-4));
        }
    }
}
