package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * model.kernels: dlx (dlx's own layer kernels and training step) and stock (DL4J's layers) train the same
 * model to the same metrics, and their checkpoints are interchangeable: each loads in dlx eval and --resume,
 * and plain DL4J loads one written by dlx's kernels.
 */
class KernelChoiceTest {
    private static final String MLP = """
            name: mlp
            seed: 5
            data: {source: idx, path: DATA, validation_split: 0.1}
            model:
              input: [8, 8, 1]
              layers:
                - {type: dense, units: 32}
                - {type: dense, units: 16, activation: tanh}
                - {type: output, units: 4}
            optimizer: {type: adam, lr: 0.003}
            training: {epochs: 2, batch_size: 64, checkpoint: {keep_last: 1}}
            """;
    private static final String LSTM = """
            name: lstm
            seed: 5
            data: {source: idx, path: DATA, validation_split: 0.1}
            model:
              input: [8, 8]
              layers:
                - {type: lstm, units: 16}
                - {type: output, units: 4}
            optimizer: {type: adam, lr: 0.01}
            training: {epochs: 2, batch_size: 64, checkpoint: {keep_last: 1}}
            """;

    @TempDir
    Path dir;

    private Path train(String yaml, String kernels, String... more) throws IOException {
        Path data = dir.resolve("data");
        if (!Files.isDirectory(data)) {
            images(data, 800, 200);
        }
        Path config = dir.resolve("exp.yaml");
        Files.writeString(config, yaml.replace("DATA", data.toString()));
        Path runs = dir.resolve(kernels + "-" + more.length);
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", config.toString(), "--runs-dir",
                runs.toString(), "--set", "model.kernels=" + kernels));
        args.addAll(List.of(more));
        var outcome = dlx(args.toArray(String[]::new));
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        return onlyRun(runs);
    }

    /**
     * An IDX folder of 8x8 images in 4 classes: class k lights every fourth pixel from pixel k, and a fifth
     * of the pixels are flipped at random.
     */
    private static void images(Path folder, int train, int test) throws IOException {
        Files.createDirectories(folder);
        java.util.Random random = new java.util.Random(9);
        for (String set : List.of("train", "t10k")) {
            int count = set.equals("train") ? train : test;
            java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream labels = new java.io.ByteArrayOutputStream();
            try (var images = new java.io.DataOutputStream(pixels); var classes = new java.io.DataOutputStream(labels)) {
                images.writeInt(0x00000803);
                images.writeInt(count);
                images.writeInt(8);
                images.writeInt(8);
                classes.writeInt(0x00000801);
                classes.writeInt(count);
                for (int i = 0; i < count; i++) {
                    int label = random.nextInt(4);
                    classes.writeByte(label);
                    for (int p = 0; p < 64; p++) {
                        boolean lit = p % 4 == label ^ random.nextDouble() < 0.2;
                        images.writeByte(lit ? 200 + random.nextInt(56) : random.nextInt(60));
                    }
                }
            }
            Files.write(folder.resolve(set + "-images-idx3-ubyte"), pixels.toByteArray());
            Files.write(folder.resolve(set + "-labels-idx1-ubyte"), labels.toByteArray());
        }
    }

    /** metrics.csv as rows of numbers, without the timings. */
    private static double[][] metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> java.util.Arrays.stream(line.split(",")).limit(7).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lstm"})
    void dlxKernelsAndStockLayersTrainToTheSameMetrics(String model) throws IOException {
        String yaml = model.equals("mlp") ? MLP : LSTM;
        Path stock = train(yaml, "stock");
        Path kernels = train(yaml, "dlx");
        assertThat(Files.readString(kernels.resolve("train.log"))).contains("layers computed by dlx's kernels: [0, 1]".replace(
                "[0, 1]", model.equals("mlp") ? "[0, 1, 2]" : "[0, 1]")).contains("training step: dlx's");
        assertThat(Files.readString(stock.resolve("train.log"))).contains("layers computed by dlx's kernels: []");
        double[][] a = metrics(stock);
        double[][] b = metrics(kernels);
        assertThat(b.length).isEqualTo(a.length);
        for (int epoch = 0; epoch < a.length; epoch++) {
            // epoch, iteration, lr, train_loss, train_accuracy, val_loss, val_accuracy
            for (int column = 0; column < 7; column++) {
                assertThat(b[epoch][column]).as("epoch " + (epoch + 1) + ", column " + column)
                        .isCloseTo(a[epoch][column], within(column == 4 || column == 6 ? 0.01 : 2e-3));
            }
        }
        double stockTest = Json.MAPPER.readTree(stock.resolve("summary.json").toFile()).at("/test/accuracy").asDouble();
        double kernelTest = Json.MAPPER.readTree(kernels.resolve("summary.json").toFile()).at("/test/accuracy").asDouble();
        assertThat(kernelTest).isCloseTo(stockTest, within(0.01));
    }

    @Test
    void checkpointsOfEitherKindLoadInEvalAndResume() throws IOException {
        for (String kernels : List.of("stock", "dlx")) {
            Path run = train(LSTM, kernels, "--set", "training.epochs=1");
            var eval = dlx("eval", "--checkpoint", run.toString(), "--json");
            assertThat(eval.exitCode()).as(eval.err()).isZero();
            JsonNode scores = Json.MAPPER.readTree(eval.out());
            assertThat(scores.at("/classification/accuracy").asDouble()).isGreaterThan(0.4);
            var resumed = dlx("train", "--resume", run.toString(), "--set", "training.epochs=2");
            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            assertThat(metrics(run)).hasNumberOfRows(2);
        }
    }

    @Test
    void plainDl4jLoadsACheckpointWrittenWithDlxKernelsAndComputesTheSameOutput() throws IOException {
        Path run = train(MLP, "dlx", "--set", "training.epochs=1");
        Path file = run.resolve("checkpoints/last.zip");
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        MultiLayerNetwork dlx = Checkpoint.read(file).network();
        assertThat(plain.getLayer(0).getClass().getName()).startsWith("org.deeplearning4j.");
        assertThat(dlx.getLayer(0).getClass().getName()).startsWith("dlx.model.kernel.");
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 64);
        assertThat(dlx.output(x).sub(plain.output(x)).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void checkpointsFromBeforeTheKernelsLoadWithThem() throws IOException {
        // src/test/resources/legacy/runs: written before model.kernels existed (LegacyRunsTest evaluates and resumes them)
        try (var runs = Files.list(Path.of("src/test/resources/legacy/runs"))) {
            for (Path run : runs.sorted().toList()) {
                assertThat(Files.readString(run.resolve("config.yaml"))).doesNotContain("kernels");
                Checkpoint.Loaded loaded = Checkpoint.read(run.resolve("checkpoints/last.zip"));
                assertThat(loaded.experiment().model().kernels()).isEqualTo("dlx");
                assertThat(dlx.model.kernel.Kernels.layersWithKernel(loaded.network())).as(run.toString()).isNotEmpty();
                assertThat(dlx.model.kernel.Kernels.layersWithoutKernel(loaded.network())).as(run.toString()).isEmpty();
            }
        }
    }
}
