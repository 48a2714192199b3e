package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dlx.InvalidInputException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.device.Backend;
import dlx.device.BackendChoice;
import dlx.device.Placement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * --gpus N: each batch split across N workers, the weights averaged after every step. ParallelWrapper runs its
 * workers as threads on the CPU too, so the arithmetic is checked here: for SGD and momentum, averaging the workers'
 * steps on equal shards is the step on the whole batch, so a run on two workers retraces the run on one.
 */
class DataParallelTest {
    @TempDir
    Path dir;

    @Test
    void twoWorkersTrainAsOneWithSgd() throws IOException {
        assertSameRun("{type: sgd, lr: 0.3}");
    }

    /**
     * The velocity is averaged with the weights after each step, and carried from one epoch to the next: ParallelWrapper
     * drops the network's updater at the end of each fit, and DataParallel puts it back.
     */
    @Test
    void twoWorkersTrainAsOneWithMomentumAcrossEpochs() throws IOException {
        assertSameRun("{type: momentum, lr: 0.1, momentum: 0.9}");
    }

    private void assertSameRun(String optimizer) throws IOException {
        double[][] one = losses(train(optimizer, 1, "one"));
        double[][] two = losses(train(optimizer, 2, "two"));
        assertThat(two.length).isEqualTo(3);
        for (int epoch = 0; epoch < one.length; epoch++) {
            assertThat(two[epoch]).as("epoch %d: iteration, train_loss, val_loss", epoch + 1)
                    .containsExactly(one[epoch], within(1e-4));
        }
    }

    @Test
    void layerStatisticsAreRefusedOnSeveralDevicesBeforeARunFolder() {
        Experiment experiment = experiment("{type: sgd, lr: 0.3}", "x", "\n  record: {every: 5}");
        assertThatThrownBy(() -> new TrainingRun(options(2)).run(experiment)).isInstanceOf(InvalidInputException.class)
                .hasMessage("training.record: layer statistics are recorded on one device; drop training.record or train"
                        + " with --gpus 1");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void aBatchIsCutIntoShardsThatDifferByOneExampleAtMost() {
        DataSet batch = new DataSet(Nd4j.arange(0, 14).reshape(7, 2), Nd4j.arange(0, 7).reshape(7, 1));
        List<DataSet> shards = DataParallel.split(batch, 3);
        assertThat(shards.stream().map(DataSet::numExamples).toList()).containsExactly(2, 2, 3);
        assertThat(shards.get(2).getFeatures().toFloatMatrix()).isEqualTo(new float[][] {{8, 9}, {10, 11}, {12, 13}});
        assertThat(shards.get(1).getLabels().toFloatMatrix()).isEqualTo(new float[][] {{2}, {3}});
        assertThat(DataParallel.split(batch.sample(2), 3)).hasSize(2);
    }

    private TrainingRun.Result train(String optimizer, int devices, String name) {
        return new TrainingRun(options(devices)).run(experiment(optimizer, name, ""));
    }

    /** 128 training examples in batches of 16: 8 steps per epoch, each split into shards of 8. */
    private static Experiment experiment(String optimizer, String name, String training) {
        String yaml = "name: " + name + "\nseed: 7\ndata: {source: synthetic, kind: xor, samples: 200, noise: 0.1,"
                + " validation_split: 0.2}\nmodel:\n  layers:\n    - {type: dense, units: 8, activation: tanh}\n"
                + "    - {type: output, units: 2}\noptimizer: " + optimizer + "\ntraining:\n  epochs: 3\n  batch_size: 16"
                + training + "\n";
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), name, d -> List.of(2));
    }

    /** A CPU placement with several devices: what --gpus N gives on CUDA, which the CLI refuses on the CPU. */
    private TrainingRun.Options options(int devices) {
        return new TrainingRun.Options(dir.resolve("runs"), dir, List.of("test"), new PrintWriter(new ByteArrayOutputStream()),
                false, new Placement(BackendChoice.CPU, Backend.CPU, null, devices, null));
    }

    /** metrics.csv: per epoch the iteration, train_loss and val_loss. */
    private static double[][] losses(TrainingRun.Result result) throws IOException {
        assertThat(result.outcome().status()).isEqualTo(dlx.run.RunStatus.COMPLETED);
        List<String> lines = Files.readAllLines(result.folder().dir().resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        return lines.stream().skip(1).map(l -> l.split(",")).map(f -> new double[] {
                Double.parseDouble(f[header.indexOf("iteration")]), Double.parseDouble(f[header.indexOf("train_loss")]),
                Double.parseDouble(f[header.indexOf("val_loss")])}).toArray(double[][]::new);
    }
}
