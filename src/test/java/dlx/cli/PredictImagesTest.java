package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.config.Loss;
import dlx.data.Batches;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.data.Split;
import dlx.eval.SplitEvaluation;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** dlx predict on images: the shipped Fashion-MNIST PNGs, an IDX file, other sizes and colours, and bad images. */
class PredictImagesTest {
    private static final Path PNGS = Path.of("datasets/fashion-mnist-png");
    private static final Path FASHION = Path.of("datasets/fashion-mnist");
    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final Pattern INDEX = Pattern.compile("t10k-(\\d{5})-(.+)\\.png");

    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATinyFashionMlp() throws IOException {
        Path config = shared.resolve("tiny-fashion.yaml");
        Files.writeString(config, """
                name: tiny-fashion
                seed: 7
                data: {source: fashion-mnist, train_limit: 600, validation_split: 0.1}
                model:
                  input: [28, 28, 1]
                  layers:
                    - {type: dense, units: 16}
                    - {type: output, units: 10}
                training: {epochs: 1, batch_size: 64}
                """);
        TrainAndEvalTest.Outcome trained = dlx("train", "--config", config.toString(), "--runs-dir",
                shared.resolve("runs").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        run = onlyRun(shared.resolve("runs"));
    }

    @Test
    void theShippedPngsAreTheFirstTestImageOfEachClassWithItsPixelsUnchanged() throws IOException {
        byte[] images = gunzip(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        List<Path> pngs = pngs();
        assertThat(pngs).hasSize(10);
        List<Integer> classesSeen = new ArrayList<>();
        for (Path png : pngs) {
            Matcher name = INDEX.matcher(png.getFileName().toString());
            assertThat(name.matches()).as(png.toString()).isTrue();
            int index = Integer.parseInt(name.group(1));
            int label = labels[8 + index];
            assertThat(name.group(2)).isEqualTo(CLASSES.get(label).toLowerCase().replace('/', '-').replace(' ', '-'));
            for (int earlier = 0; earlier < index; earlier++) {
                assertThat((int) labels[8 + earlier]).as("an earlier test image of class " + label).isNotEqualTo(label);
            }
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
            byte[] pixels = (byte[]) image.getRaster().getDataElements(0, 0, 28, 28, null);
            assertThat(pixels).isEqualTo(java.util.Arrays.copyOfRange(images, 16 + index * 784, 16 + (index + 1) * 784));
            classesSeen.add(label);
        }
        assertThat(classesSeen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void predictionsOnThePngsAreTheNetworksOutputOnTheSameTestRowsAsDlxEvalComputesIt() throws IOException {
        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input", PNGS.toString(),
                "--top", "3", "--json");
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        JsonNode rows = Json.MAPPER.readTree(predicted.out()).get("predictions");

        Checkpoint.Loaded loaded = Checkpoint.read(run.resolve("checkpoints/best.zip"));
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(),
                Path.of("").toAbsolutePath());
        List<Path> pngs = pngs();
        int[] indices = pngs.stream().mapToInt(p -> index(p.getFileName().toString())).toArray();
        Split same = data.test().select(indices);
        int[] evalLabels = SplitEvaluation.of(loaded.network(), same, 10, 0, Loss.CROSS_ENTROPY).predictedLabels();
        INDArray output = loaded.network().output(new Batches(same, 10, 256, false, 0).next().getFeatures(), false);

        assertThat(rows).hasSize(10);
        for (int i = 0; i < pngs.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(row.get("input").asText()).isEqualTo(pngs.get(i).getFileName().toString());
            assertThat(row.get("predicted").asText()).isEqualTo(CLASSES.get(evalLabels[i]));
            assertThat(row.get("probability").asDouble()).isCloseTo(output.getDouble(i, evalLabels[i]), within(1e-5));
            JsonNode top = row.get("top");
            assertThat(top).hasSize(3);
            for (JsonNode ranked : top) {
                int k = CLASSES.indexOf(ranked.get("class").asText());
                assertThat(ranked.get("probability").asDouble()).isCloseTo(output.getDouble(i, k), within(1e-5));
            }
            assertThat(top.get(0).get("probability").asDouble()).isGreaterThanOrEqualTo(top.get(1).get("probability").asDouble());
        }
    }

    @Test
    void theIdxTestFileWithItsLabelsScoresTheAccuracyDlxEvalGives() throws IOException {
        Path csv = dir.resolve("test.csv");
        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input",
                FASHION.resolve("t10k-images-idx3-ubyte.gz").toString(), "--output", csv.toString());
        TrainAndEvalTest.Outcome evaluated = dlx("eval", "--checkpoint", run.toString(), "--json");

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(predicted.out()).contains("wrote 10000 predictions to " + csv);
        double accuracy = Json.MAPPER.readTree(evaluated.out()).get("classification").get("accuracy").asDouble();
        assertThat(predicted.err()).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", accuracy));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(10_001);
        assertThat(lines.get(0)).isEqualTo("input,predicted,probability,label,correct");
        assertThat(lines.get(1)).startsWith("t10k-images-idx3-ubyte.gz[0],").contains(",Ankle boot,");
        long right = lines.stream().skip(1).filter(l -> l.endsWith(",true")).count();
        assertThat(right / 10_000.0).isEqualTo(accuracy);
    }

    @Test
    void aRecurrentModelReadingImagesRowByRowTakesTheSamePictures() throws IOException {
        Path config = Files.writeString(dir.resolve("lstm.yaml"), """
                name: tiny-fashion-lstm
                seed: 7
                data: {source: fashion-mnist, train_limit: 300, validation_split: 0.1}
                model:
                  input: [28, 28]
                  layers:
                    - {type: lstm, units: 8}
                    - {type: output, units: 10}
                training: {epochs: 1, batch_size: 64}
                """);
        TrainAndEvalTest.Outcome trained = dlx("train", "--config", config.toString(), "--runs-dir",
                dir.resolve("runs").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Path lstm = onlyRun(dir.resolve("runs"));

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", lstm.toString(), "--input", PNGS.toString());

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        Checkpoint.Loaded loaded = Checkpoint.read(lstm.resolve("checkpoints/best.zip"));
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(),
                Path.of("").toAbsolutePath());
        int[] indices = pngs().stream().mapToInt(p -> index(p.getFileName().toString())).toArray();
        int[] evalLabels = SplitEvaluation.of(loaded.network(), data.test().select(indices), 10, 28, Loss.CROSS_ENTROPY)
                .predictedLabels();
        List<String> lines = predicted.out().lines().toList();
        for (int i = 0; i < indices.length; i++) {
            assertThat(lines.get(i + 1).split(",")[1]).isEqualTo(CLASSES.get(evalLabels[i]));
        }
    }

    @Test
    void anImageOfAnotherSizeIsResizedAndANoteSaysWhenItsAspectRatioChanged() throws IOException {
        Path png = pngs().get(0);
        BufferedImage original = ImageIO.read(png.toFile());
        Path folder = Files.createDirectories(dir.resolve("resized"));
        write(scaled(original, 2, 2, false), folder.resolve("a-twice.png"));    // 56x56: area averaging gives it back
        write(scaled(original, 2, 1, false), folder.resolve("b-wide.png"));     // 56x28: another aspect ratio
        write(scaled(original, 1, 1, true), folder.resolve("c-colour.png"));   // RGB with equal channels
        write(original, folder.resolve("d-original.png"));
        ImageIO.write(scaled(original, 1, 1, true), "jpeg", folder.resolve("e-photo.jpg").toFile()); // lossy, but read

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input", folder.toString());

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        assertThat(predicted.err().lines().filter(l -> l.startsWith("dlx: note:")).toList()).singleElement()
                .asString().contains("b-wide.png: 56x28 resized to 28x28").contains("aspect ratio from 2.00 to 1.00");
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(5)).startsWith("e-photo.jpg,");
        String originalCells = lines.get(4).substring(lines.get(4).indexOf(','));
        assertThat(lines.get(1)).isEqualTo("a-twice.png" + originalCells);
        assertThat(lines.get(3)).isEqualTo("c-colour.png" + originalCells);
    }

    @Test
    void badImagesGetOneLineNamingThemAndExitTwo() throws IOException {
        Path notAnImage = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");
        Path smallIdx = dir.resolve("small-images-idx3-ubyte");
        byte[] idx = new byte[16 + 2 * 3 * 4];
        java.nio.ByteBuffer.wrap(idx).putInt(0x00000803).putInt(2).putInt(3).putInt(4);
        Files.write(smallIdx, idx);

        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", notAnImage.toString()),
                notAnImage + ": not a PNG or JPEG image");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", empty.toString()),
                empty + ": no PNG or JPEG images in this folder");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", smallIdx.toString()),
                smallIdx + ": 3x4 images, but the network takes 28x28");
        Path huge = hugePng(dir.resolve("huge.png"));
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", huge.toString()),
                huge + ": 100000x100000 pixels, more than the 67,108,864 dlx reads from one image");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", dir.resolve("missing.png").toString()),
                dir.resolve("missing.png") + ": no such file or folder");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", PNGS.toString(), "--top", "0"),
                "--top: must be at least 1, got 0");
    }

    @Test
    void aChangedOrDamagedPreprocessingEntryIsOneLineNotAnotherNormalisation() throws IOException {
        Path best = run.resolve("checkpoints/best.zip");
        // one offset fewer than the 784 inputs
        UnaryOperator<String> fewerOffsets = json -> json.replaceFirst("\"offset\" : \\[ 0\\.0, ", "\"offset\" : [ ");
        Path changed = rewritten(best, dir.resolve("changed.zip"), fewerOffsets, true);
        Path damaged = rewritten(best, dir.resolve("damaged.zip"), fewerOffsets, false);

        assertOneLine(dlx("predict", "--checkpoint", changed.toString(), "--input", PNGS.toString()),
                changed + ": its dlx/preprocessing.json is not what dlx saved");
        assertOneLine(dlx("predict", "--checkpoint", damaged.toString(), "--input", PNGS.toString()),
                damaged + ": its dlx/preprocessing.json is damaged");
    }

    /** A copy of a checkpoint with its preprocessing entry edited, and its identity entry kept or left out. */
    private static Path rewritten(Path from, Path to, UnaryOperator<String> edit, boolean identity)
            throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (var entry : Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("dlx/identity.json") && !identity) {
                    continue;
                }
                if (entry.getName().equals("dlx/preprocessing.json")) {
                    String json = new String(bytes, StandardCharsets.UTF_8);
                    String edited = edit.apply(json);
                    assertThat(edited).isNotEqualTo(json);
                    bytes = edited.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return to;
    }

    static void assertOneLine(TrainAndEvalTest.Outcome outcome, String expected) {
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err().lines().toList()).singleElement().asString().startsWith("dlx: " + expected);
        assertThat(outcome.out()).isEmpty();
    }

    /** A real 1x1 PNG whose header (IHDR, with its CRC) says 100000x100000: decoding it would need 10 billion pixels. */
    private static Path hugePng(Path file) throws IOException {
        write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), file);
        byte[] png = Files.readAllBytes(file);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(png);
        bytes.putInt(16, 100_000).putInt(20, 100_000); // IHDR's data starts at 16: signature 8, length 4, type 4
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        bytes.putInt(29, (int) crc.getValue());
        return Files.write(file, png);
    }

    private static BufferedImage scaled(BufferedImage gray, int fx, int fy, boolean colour) {
        BufferedImage out = new BufferedImage(gray.getWidth() * fx, gray.getHeight() * fy,
                colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int v = gray.getRaster().getSample(x / fx, y / fy, 0);
                if (colour) {
                    out.setRGB(x, y, v << 16 | v << 8 | v);
                } else {
                    out.getRaster().setSample(x, y, 0, v);
                }
            }
        }
        return out;
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
    }

    private static int index(String name) {
        Matcher m = INDEX.matcher(name);
        assertThat(m.matches()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<Path> pngs() throws IOException {
        try (Stream<Path> files = Files.list(PNGS)) {
            return files.sorted().toList();
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
