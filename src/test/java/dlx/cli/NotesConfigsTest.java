package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import dlx.run.Checkpoint;
import dlx.run.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The configs behind docs/notes.md: valid, training at small size, and doing what the page says. */
class NotesConfigsTest {
    @TempDir
    Path dir;

    @Test
    void everyNotesConfigIsValid() throws IOException {
        try (Stream<Path> configs = Files.list(Path.of("configs/notes"))) {
            for (Path config : configs.toList()) {
                var result = dlx("config", "validate", config.toString());
                assertThat(result.exitCode()).as(config + ": " + result.err()).isZero();
            }
        }
    }

    @Test
    void xorNeedsTheHiddenLayer() throws IOException {
        List<Map<String, Double>> linear = train("xor-linear");
        List<Map<String, Double>> hidden = train("xor-hidden");
        // a line gets at most three of the four clusters right: 193 of these 256 training points
        assertThat(linear).allSatisfy(epoch -> assertThat(epoch.get("train_accuracy")).isLessThanOrEqualTo(193 / 256.0));
        assertThat(hidden.get(hidden.size() - 1).get("train_accuracy")).isEqualTo(1.0);
        assertThat(hidden.get(hidden.size() - 1).get("val_accuracy")).isEqualTo(1.0);
    }

    @Test
    void equalInitialWeightsKeepEveryUnitOfALayerIdenticalThroughTraining() throws IOException {
        MultiLayerNetwork equal = lastWeights(trainFor("symmetry-equal", "training.epochs=2"));
        MultiLayerNetwork random = lastWeights(trainFor("symmetry-random", "training.epochs=2"));
        for (int layer = 0; layer < 2; layer++) {
            INDArray weights = equal.getLayer(layer).getParam("W");   // [inputs, units]: one column per unit
            INDArray firstUnit = weights.getColumn(0);
            for (long unit = 1; unit < weights.columns(); unit++) {
                // equal up to float rounding (about 1e-9 here): the matrix product sums some columns in another order
                assertThat(weights.getColumn(unit).sub(firstUnit).amaxNumber().doubleValue()).as("layer %d unit %d", layer, unit)
                        .isLessThan(1e-7);
            }
            assertThat(equal.getLayer(layer).getParam("b").getDouble(0)).as("the biases moved").isNotZero();
            assertThat(firstUnit.sub(0.01).amaxNumber().doubleValue()).as("the weights moved off 0.01").isGreaterThan(1e-4);
            INDArray randomWeights = random.getLayer(layer).getParam("W");
            assertThat(randomWeights.getColumn(1)).isNotEqualTo(randomWeights.getColumn(0));
        }
    }

    @Test
    void theBatchSizeAndClippedConfigsTrainAtSmallSizeAndTheUnclippedOneDiverges() throws IOException {
        for (String batchSize : new String[] {"1", "32", "200"}) {
            trainFor("batch-size", "training.epochs=1", "data.train_limit=200", "training.batch_size=" + batchSize);
        }
        assertThat(StoredRun.read(onlyRun(trainFor("exploding-clipped", "training.epochs=1"))).rows()).hasSize(1);
        var unclipped = dlx("train", "--config", "configs/notes/exploding-unclipped.yaml", "--runs-dir", dir.resolve("unclipped").toString());
        assertThat(unclipped.exitCode()).isEqualTo(1);
        assertThat(unclipped.err()).contains("diverged: the loss became NaN at iteration 5");
    }

    private static MultiLayerNetwork lastWeights(Path runs) throws IOException {
        return Checkpoint.read(onlyRun(runs).resolve("checkpoints/last.zip")).network();
    }

    private List<Map<String, Double>> train(String name) throws IOException {
        return StoredRun.read(onlyRun(trainFor(name))).rows();
    }

    /** Trains configs/notes/NAME.yaml with the given --set overrides into a folder of its own; returns the runs folder. */
    private Path trainFor(String name, String... sets) throws IOException {
        Path runs = Files.createTempDirectory(dir, name);
        List<String> args = new ArrayList<>(List.of("train", "--config", "configs/notes/" + name + ".yaml", "--runs-dir", runs.toString()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        var result = dlx(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return runs;
    }
}
