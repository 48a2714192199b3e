package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx plot with several metrics, --panels KEY and --marks: the pictures of the notes that need one frame per run. */
class PanelPlotTest {
    @TempDir
    static Path dir;
    static List<String> runs;
    private static final int PANEL = 560;
    /** The theme's colours of the first and second line, and of the marks. */
    private static final Color FIRST_LINE = new Color(248, 118, 109);
    private static final Color SECOND_LINE = new Color(163, 165, 0);
    private static final Color BEST_MARK = new Color(0, 120, 0);
    private static final Color STOP_MARK = new Color(180, 0, 0);

    /** Three runs: two learning rates, and one that early stopping ends after epoch 3 (its best is epoch 1). */
    @BeforeAll
    static void threeRuns() throws IOException {
        Path config = dir.resolve("xor.yaml");
        Files.writeString(config, """
                name: xor
                data: {source: synthetic, kind: xor, samples: 200}
                model: {layers: [{type: dense, units: 6, activation: tanh}, {type: output, units: 2}]}
                optimizer: {type: sgd}
                training: {epochs: 4, batch_size: 16}
                """);
        for (String lr : List.of("0.5", "0.05")) {
            assertThat(dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("runs").toString(),
                    "--set", "optimizer.lr=" + lr, "--name", "lr-" + lr).exitCode()).isZero();
        }
        var stopped = dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("runs").toString(),
                "--set", "optimizer.lr=0.5", "--set", "training.epochs=10", "--name", "stopped", "--set",
                "training.early_stopping={monitor: val_loss, patience: 2, min_delta: 100}");
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        // in the order they were trained: runs started in one second sort by name, lr-0.05 before lr-0.5
        try (Stream<Path> folders = Files.list(dir.resolve("runs"))) {
            List<String> all = folders.map(Path::toString).toList();
            runs = Stream.of("-lr-0.5", "-lr-0.05", "-stopped")
                    .map(name -> all.stream().filter(f -> f.endsWith(name)).findFirst().orElseThrow()).toList();
        }
    }

    /** Pixels of exactly this colour in columns [from, to) of the picture. */
    private static int pixels(BufferedImage image, Color color, int from, int to) {
        int count = 0;
        for (int x = from; x < to; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                count += image.getRGB(x, y) == color.getRGB() ? 1 : 0;
            }
        }
        return count;
    }

    private static BufferedImage plot(String name, String... args) throws IOException {
        Path png = dir.resolve(name);
        List<String> all = new java.util.ArrayList<>(List.of("plot"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", png.toString()));
        var result = dlx(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return ImageIO.read(png.toFile());
    }

    @Test
    void severalMetricsDrawAPanelPerRunWithALinePerMetric() throws IOException {
        BufferedImage image = plot("acc.png", runs.get(0), runs.get(1), "--metric", "train_accuracy,val_accuracy");

        assertThat(image.getWidth()).as("two panels side by side").isEqualTo(2 * PANEL);
        for (int panel = 0; panel < 2; panel++) {
            assertThat(pixels(image, FIRST_LINE, panel * PANEL, (panel + 1) * PANEL)).as("train line of panel %d", panel)
                    .isPositive();
            assertThat(pixels(image, SECOND_LINE, panel * PANEL, (panel + 1) * PANEL)).as("val line of panel %d", panel)
                    .isPositive();
        }
    }

    @Test
    void marksShowTheBestEpochAndTheEpochEarlyStoppingStoppedAt() throws IOException {
        BufferedImage marked = plot("stopped.png", runs.get(2), "--metric", "train_loss,val_loss", "--marks");
        BufferedImage completed = plot("completed.png", runs.get(0), "--metric", "train_loss,val_loss", "--marks");

        assertThat(pixels(marked, BEST_MARK, 0, marked.getWidth())).as("the best epoch's line").isPositive();
        assertThat(pixels(marked, STOP_MARK, 0, marked.getWidth())).as("the stop's line").isPositive();
        assertThat(pixels(completed, BEST_MARK, 0, completed.getWidth())).isPositive();
        assertThat(pixels(completed, STOP_MARK, 0, completed.getWidth())).as("a completed run did not stop").isZero();
    }

    @Test
    void panelsByAConfigKeyGatherTheRunsThatShareItsValue() throws IOException {
        BufferedImage image = plot("bylr.png", runs.get(0), runs.get(1), runs.get(2), "--metric", "val_accuracy",
                "--panels", "optimizer.lr");

        assertThat(image.getWidth()).as("lr 0.5 (two runs) and lr 0.05: two panels").isEqualTo(2 * PANEL);
        assertThat(pixels(image, SECOND_LINE, 0, PANEL)).as("the second run of lr 0.5").isPositive();
        assertThat(pixels(image, SECOND_LINE, PANEL, 2 * PANEL)).as("lr 0.05 has one run").isZero();
    }

    @Test
    void anUnknownPanelKeyIsOneLineWithASuggestion() {
        var result = dlx("plot", runs.get(0), "--metric", "val_accuracy", "--panels", "optimizer.lrr", "--out",
                dir.resolve("x.png").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--panels optimizer.lrr", "did you mean 'optimizer.lr'?");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }
}
