package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.augment in training (reproducible, resumable, training batches only) and dlx augment's picture of it. */
class AugmentCommandTest {
    private static final String SMALL = """
            name: small
            seed: 5
            data:
              source: fashion-mnist
              train_limit: 200
              validation_split: 0.005
              augment: {flip: true, rotate: 10, shift: 1, crop: 2}
            model:
              input: [28, 28, 1]
              layers:
                - {type: dense, units: 16}
                - {type: output, units: 10}
            optimizer: {type: adam, lr: 0.01}
            training: {epochs: 4, batch_size: 32, log_every: 3}
            """;

    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, SMALL);
        return file;
    }

    /** metrics.csv without the timing columns. */
    private static List<String> numbers(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1))).toList();
    }

    /** The notes' augment-with.yaml (LeNet-5), made small: 200 images, 4 epochs. */
    private Path train(String runs, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", "configs/notes/augment-with.yaml",
                "--runs-dir", dir.resolve(runs).toString(), "--set", "data.train_limit=200", "--set",
                "data.validation_split=0.005", "--set", "training.epochs=4", "--set", "training.batch_size=32"));
        args.addAll(List.of(more));
        var result = dlx(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return onlyRun(dir.resolve(runs));
    }

    @Test
    void anInterruptedAndResumedAugmentedRunEqualsAStraightOneAndDiffersFromAPlainOne() throws IOException {
        Path straight = train("straight");
        Path plain = train("plain", "--set", "data.augment=null");
        Path run = train("split", "--set", "training.epochs=2");

        var resumed = dlx("train", "--resume", run.toString(), "--set", "training.epochs=4");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(numbers(run)).isEqualTo(numbers(straight));
        assertThat(Files.readString(run.resolve("metrics-steps.csv")))
                .isEqualTo(Files.readString(straight.resolve("metrics-steps.csv")));
        assertThat(numbers(plain)).isNotEqualTo(numbers(straight));
        assertThat(Files.readString(run.resolve("config.yaml"))).contains("augment:", "rotate: 10.0", "shift: 2");

        var changed = dlx("train", "--resume", run.toString(), "--set", "training.epochs=5", "--set",
                "data.augment.flip=false");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("data.augment.flip").contains("cannot change in a resumed run");
    }

    @Test
    void aBadAugmentKeyIsOneLineNamingTheFileLineAndTheAllowedKeys() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, SMALL.replace("flip: true", "flop: true"));

        var result = dlx("train", "--config", file.toString(), "--runs-dir", dir.resolve("runs").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).doesNotContain("\n")
                .contains(file + ":7:", "data.augment.flop: unknown key (did you mean 'flip'?)",
                        "allowed here: crop, flip, rotate, shift");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void anAugmentationOfASourceWithoutImagesIsRefused() throws IOException {
        var result = dlx("config", "validate", config().toString(), "--set",
                "data={source: synthetic, kind: xor, augment: {flip: true}}");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("data.augment: not used by source synthetic");
    }

    private BufferedImage grid(String name, int examples, int epochs) throws IOException {
        Path png = dir.resolve(name);
        var result = dlx("augment", "--config", config().toString(), "--examples", String.valueOf(examples), "--epochs",
                String.valueOf(epochs), "--out", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo(png.toString());
        return ImageIO.read(png.toFile());
    }

    @Test
    void theGridHasARowPerExampleAndAColumnPerEpochBesideTheOriginal() throws IOException {
        BufferedImage small = grid("small.png", 2, 8);
        BufferedImage moreRows = grid("rows.png", 4, 8);
        BufferedImage moreColumns = grid("columns.png", 2, 11);

        int cell = 28 * 3 + 6; // a 28x28 image at 3 screen pixels a pixel, and the gap
        assertThat(moreRows.getHeight() - small.getHeight()).as("two more rows").isEqualTo(2 * cell);
        assertThat(moreColumns.getWidth() - small.getWidth()).as("three more columns").isEqualTo(3 * cell);
    }

    @Test
    void theGridNeedsAConfigWithAugmentation() throws IOException {
        var result = dlx("augment", "--config", config().toString(), "--set", "data.augment=null", "--out",
                dir.resolve("grid.png").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("data.augment is not set");
        assertThat(dir.resolve("grid.png")).doesNotExist();
    }
}
