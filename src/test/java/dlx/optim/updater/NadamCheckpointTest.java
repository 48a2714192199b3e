package dlx.optim.updater;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.optim.Optimizers;
import dlx.optim.schedule.PlateauSchedule;
import dlx.run.Checkpoint;
import dlx.run.RunFolder;
import dlx.run.RunStatus;
import dlx.train.TrainingRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.FixedSchedule;

/** dlx's Nadam lives in the model's JSON and its moments in the checkpoint, so a resumed run goes on exactly. */
class NadamCheckpointTest {
    @TempDir
    Path dir;

    private static MultiLayerNetwork network(Nadam updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    @Test
    void aNetworkFromBeforeDlxHadItsOwnNadamStillHasItsPlateauSchedule() {
        // checkpoints written then name DL4J's Nadam; a resumed plateau run must still find the schedule
        org.nd4j.linalg.learning.config.Nadam dl4j = new org.nd4j.linalg.learning.config.Nadam(
                new PlateauSchedule(new FixedSchedule(0.01), 0.5));
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(dl4j).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        assertThat(Optimizers.plateauSchedules(network)).extracting(PlateauSchedule::getScale).containsExactly(0.5);
    }

    private static DataSet batch() {
        return new DataSet(Nd4j.createFromArray(new double[][] {{1, -2, 0.5}, {0.3, 0.1, -1}, {-1, 1, 2}}),
                Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}}));
    }

    @Test
    void theConfigurationJsonGivesBackTheSameNadam() {
        Nadam nadam = new Nadam(new PlateauSchedule(new FixedSchedule(0.01), 0.25), 0.8, 0.99, 1e-6);
        MultiLayerConfiguration conf = network(nadam).getLayerWiseConfigurations();
        assertThat(conf.toJson()).contains("dlx.optim.updater.Nadam");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(((BaseLayer) back.getConf(0).getLayer()).getIUpdater()).isEqualTo(nadam);
        assertThat(back).isEqualTo(conf);
    }

    @Test
    void aRestoredNetworkTakesTheSameNextStepAsTheOriginal() throws IOException {
        MultiLayerNetwork original = network(new Nadam(new FixedSchedule(0.05), 0.9, 0.999, 1e-8));
        for (int i = 0; i < 3; i++) {
            original.fit(batch());
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(original, saved, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(saved.toByteArray()),
                true);

        assertThat(((BaseLayer) restored.getLayer(0).conf().getLayer()).getIUpdater()).isInstanceOf(Nadam.class);
        assertThat(restored.getUpdater().getStateViewArray().sumNumber().doubleValue()).as("m and v were saved")
                .isNotZero();
        assertThat(restored.getUpdater().getStateViewArray().toDoubleVector())
                .containsExactly(original.getUpdater().getStateViewArray().toDoubleVector());
        assertThat(restored.getIterationCount()).isEqualTo(3);

        original.fit(batch());
        restored.fit(batch());
        // the fourth step uses m, v and t = 4 from the checkpoint: fresh moments or t = 1 would step differently
        assertThat(restored.params().toDoubleVector()).containsExactly(original.params().toDoubleVector());
    }

    private static Experiment spirals(int epochs) {
        String yaml = """
                name: nadam-resume
                seed: 11
                data: {source: synthetic, kind: spirals, samples: 300, noise: 0.05}
                model:
                  layers:
                    - {type: dense, units: 16}
                    - {type: output, units: 2}
                optimizer: {type: nadam, lr: 0.01}
                schedule: {type: plateau, monitor: train_loss, patience: 1, factor: 0.5}
                training: {epochs: %d, batch_size: 16}
                """.formatted(epochs);
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> List.of(2));
    }

    /** metrics.csv without the timing columns. */
    private static List<String> numbers(TrainingRun.Result result) throws IOException {
        return Files.readAllLines(result.folder().dir().resolve("metrics.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1))).toList();
    }

    @Test
    void aResumedNadamRunEndsWithTheMetricsOfAnUninterruptedOne() throws IOException {
        TrainingRun straight = new TrainingRun(new TrainingRun.Options(dir.resolve("straight"), dir, List.of("test"),
                new PrintWriter(new ByteArrayOutputStream()), false));
        TrainingRun.Result whole = straight.run(spirals(6));

        TrainingRun split = new TrainingRun(new TrainingRun.Options(dir.resolve("split"), dir, List.of("test"),
                new PrintWriter(new ByteArrayOutputStream()), false));
        TrainingRun.Result firstHalf = split.run(spirals(3));
        Checkpoint.Loaded checkpoint = Checkpoint.read(firstHalf.folder().checkpoints().resolve("last.zip"));
        assertThat(Optimizers.plateauSchedules(checkpoint.network())).as("the plateau schedule inside our Nadam").isNotEmpty();
        TrainingRun.Result resumed;
        try (RunFolder folder = RunFolder.lockForResume(firstHalf.folder().dir())) {
            resumed = split.resume(folder, List.of("training.epochs=6"), null);
        }

        assertThat(resumed.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(numbers(resumed)).hasSize(7).isEqualTo(numbers(whole));
    }
}
