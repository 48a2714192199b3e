package dlx.optim.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.NetworkFactory;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** dlx's Java pass computes what ND4J's Adam op computes, step for step, inside a network and out. */
class FusedAdamTest {
    private static final String EXPERIMENT = """
            seed: 5
            data: {source: synthetic, kind: moons}
            model: {input: [2], layers: [{type: dense, units: 16}, {type: dense, units: 8, activation: tanh}, {type: output, units: 2}]}
            optimizer: {type: adam, lr: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6}
            schedule: {type: exponential, gamma: 0.9, unit: iteration}
            """;

    @Test
    void eachStepAndTheMomentsMatchNd4jsAdamOp() {
        Adam reference = new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.9));
        reference.setBeta1(0.8);
        reference.setBeta2(0.99);
        reference.setEpsilon(1e-6);
        FusedAdam fused = new FusedAdam(reference.getLearningRateSchedule());
        fused.setBeta1(0.8);
        fused.setBeta2(0.99);
        fused.setEpsilon(1e-6);
        int n = 1000;
        INDArray referenceState = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        INDArray fusedState = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        GradientUpdater<?> expected = reference.instantiate(referenceState, true);
        GradientUpdater<?> actual = fused.instantiate(fusedState, true);
        Nd4j.getRandom().setSeed(1);
        for (int step = 0; step < 5; step++) {
            INDArray gradient = Nd4j.randn(DataType.FLOAT, 1, n).muli(step + 1);
            INDArray a = gradient.dup();
            INDArray b = gradient.dup();
            expected.applyUpdater(a, step, 0);
            actual.applyUpdater(b, step, 0);
            assertClose(b, a);
        }
        assertClose(fusedState, referenceState);
    }

    @Test
    void aNetworkTrainsToTheSameWeightsAsWithNd4jsAdamAndKeepsItsUpdaterInACheckpoint() {
        Experiment e = ExperimentFile.parse(EXPERIMENT, "exp.yaml", false, List.of(), "exp", d -> null);
        MultiLayerConfiguration conf = NetworkFactory.configuration(e);
        assertThat(((BaseLayer) conf.getConf(0).getLayer()).getIUpdater()).isInstanceOf(FusedAdam.class);
        assertThat(MultiLayerConfiguration.fromJson(conf.toJson()).getConf(1).getLayer())
                .isInstanceOfSatisfying(BaseLayer.class, l -> assertThat(l.getIUpdater()).isEqualTo(
                        ((BaseLayer) conf.getConf(1).getLayer()).getIUpdater()).isInstanceOf(FusedAdam.class));

        MultiLayerConfiguration withOp = conf.clone();
        for (NeuralNetConfiguration layer : withOp.getConfs()) {
            BaseLayer base = (BaseLayer) layer.getLayer();
            FusedAdam f = (FusedAdam) base.getIUpdater();
            base.setIUpdater(new Adam(f.getLearningRateSchedule().clone()));
            ((Adam) base.getIUpdater()).setBeta1(f.getBeta1());
            ((Adam) base.getIUpdater()).setBeta2(f.getBeta2());
            ((Adam) base.getIUpdater()).setEpsilon(f.getEpsilon());
        }
        MultiLayerNetwork fused = new MultiLayerNetwork(conf);
        fused.init();
        MultiLayerNetwork op = new MultiLayerNetwork(withOp);
        op.init();
        Nd4j.getRandom().setSeed(2);
        for (int i = 0; i < 30; i++) {
            DataSet batch = new DataSet(Nd4j.randn(DataType.FLOAT, 32, 2), Nd4j.eye(2).getRows(new int[32]).castTo(DataType.FLOAT));
            batch.getLabels().getColumn(0).assign(batch.getFeatures().getColumn(0).gt(0).castTo(DataType.FLOAT));
            batch.getLabels().getColumn(1).assign(batch.getFeatures().getColumn(0).lte(0).castTo(DataType.FLOAT));
            fused.fit(batch);
            op.fit(batch);
        }
        assertClose(fused.params(), op.params());
        assertClose(fused.getUpdater().getStateViewArray(), op.getUpdater().getStateViewArray());
    }

    @Test
    void theFusedStepIsTheDivisionTheUpdateAndTheSubtractionToTheLastBit() {
        FusedAdam config = new FusedAdam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.9));
        int n = 777;
        int batch = 24;
        INDArray separateState = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        INDArray fusedState = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        GradientUpdater<?> separate = config.instantiate(separateState, true);
        GradientUpdater<?> fused = config.instantiate(fusedState, true);
        Nd4j.getRandom().setSeed(3);
        INDArray separateParams = Nd4j.randn(DataType.FLOAT, n);
        INDArray fusedParams = separateParams.dup();
        for (int step = 0; step < 6; step++) {
            INDArray gradient = Nd4j.randn(DataType.FLOAT, n).muli(batch * (step + 1));
            INDArray kept = gradient.dup();
            // what DL4J's updater and step function do: divide by the batch, update, subtract
            INDArray update = gradient.dup().divi(batch);
            separate.applyUpdater(update, step, 0);
            separateParams.subi(update);
            assertThat(FusedAdam.step(fused, gradient, fusedParams, batch, step, 0)).isTrue();
            assertThat(gradient).isEqualTo(kept);
        }
        assertThat(fusedParams.data().asFloat()).containsExactly(separateParams.data().asFloat());
        assertThat(fusedState.data().asFloat()).containsExactly(separateState.data().asFloat());
        assertThat(FusedAdam.step(new Adam().instantiate(Nd4j.zeros(DataType.FLOAT, 1, 2 * n), true),
                Nd4j.ones(DataType.FLOAT, n), Nd4j.ones(DataType.FLOAT, n), batch, 0, 0)).isFalse();
    }

    private static void assertClose(INDArray actual, INDArray expected) {
        float[] a = actual.dup().data().asFloat();
        float[] b = expected.dup().data().asFloat();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(b[i], within(1e-5f + 1e-4f * Math.abs(b[i])));
        }
    }
}
