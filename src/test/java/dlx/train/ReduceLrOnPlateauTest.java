package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.Metric;
import dlx.config.ScheduleConfig;
import dlx.model.NetworkFactory;
import dlx.run.TrainingState;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ReduceLrOnPlateauTest {
    private static final DataSet BATCH = new DataSet(Nd4j.createFromArray(new float[][] {{1, -1}, {0.5f, 2}}),
            Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}));

    private static Experiment experiment(String schedule, String... overrides) {
        String yaml = "data: {source: synthetic, kind: xor}\nmodel:\n  layers:\n    - {type: dense, units: 3}\n"
                + "    - {type: output, units: 2}\noptimizer: {type: sgd, lr: 0.1}\nschedule: " + schedule + "\n";
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(overrides), "exp", d -> List.of(2));
    }

    private static ReduceLrOnPlateau started(Experiment experiment, MultiLayerNetwork network) {
        ReduceLrOnPlateau listener = new ReduceLrOnPlateau((ScheduleConfig.Plateau) experiment.schedule(), experiment.optimizer().lr());
        listener.onTrainBegin(new TrainingContext(experiment, network, TrainingState.START, System::nanoTime));
        return listener;
    }

    private static void epochEnds(ReduceLrOnPlateau listener, int epoch, double valLoss) {
        listener.onEpochEnd(new EpochResult(epoch, epoch * 10, 0, Map.of(Metric.TRAIN_LOSS, 1.0, Metric.VAL_LOSS, valLoss), 1, 1));
    }

    private static double rate(MultiLayerNetwork network, int layer) {
        return ((BaseLayer) network.getLayerWiseConfigurations().getConf(layer).getLayer()).getIUpdater()
                .getLearningRate(0, 0);
    }

    @Test
    void rateIsMultipliedByFactorAfterPatienceEpochsWithoutImprovementDownToMinLr() {
        Experiment e = experiment("{type: plateau, monitor: val_loss, factor: 0.5, patience: 2, min_lr: 0.02}");
        MultiLayerNetwork network = NetworkFactory.build(e);
        ReduceLrOnPlateau listener = started(e, network);
        double[] losses = {1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.89, 0.94, 0.95, 0.96, 0.97};
        // best 0.9 at epoch 2; epochs 3, 4 do not beat it: 0.05. Epochs 5, 6 (0.91, 0.93) neither: 0.025.
        // epoch 7 improves (0.89); epochs 8, 9 do not: 0.0125, floored at min_lr 0.02. Epochs 10, 11: stays.
        double[] expectedRate = {0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02};
        for (int i = 0; i < losses.length; i++) {
            epochEnds(listener, i + 1, losses[i]);
            assertThat(rate(network, 0)).as("after epoch " + (i + 1)).isEqualTo(expectedRate[i], within(1e-12));
            assertThat(rate(network, 1)).as("every layer").isEqualTo(expectedRate[i], within(1e-12));
        }
    }

    @Test
    void theLoweredRateIsTheOneTheUpdaterApplies() {
        Experiment e = experiment("{type: plateau, factor: 0.5, patience: 1}");
        MultiLayerNetwork network = NetworkFactory.build(e);
        ReduceLrOnPlateau listener = started(e, network);
        network.fit(BATCH);
        INDArray afterFirstStep = network.params().dup();
        epochEnds(listener, 1, 1.0);
        epochEnds(listener, 2, 1.0);
        assertThat(listener.scale()).isEqualTo(0.5);
        network.fit(BATCH);

        MultiLayerNetwork halfRate = NetworkFactory.build(experiment("{type: constant}", "optimizer.lr=0.05"));
        halfRate.setParams(afterFirstStep);
        halfRate.fit(BATCH);
        assertThat(network.params().sub(halfRate.params()).amaxNumber().doubleValue()).isLessThan(1e-7);
    }
}
