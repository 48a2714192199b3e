package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @TempDir
    static Path dir;
    static List<String> runs;

    @BeforeAll
    static void twoRunsWithTheSameName() throws IOException {
        Path config = dir.resolve("xor.yaml");
        Files.writeString(config, """
                name: same
                data: {source: synthetic, kind: xor, samples: 200}
                model: {layers: [{type: dense, units: 6, activation: tanh}, {type: output, units: 2}]}
                optimizer: {type: sgd}
                schedule: {type: exponential, unit: iteration, gamma: 0.99}
                training: {epochs: 3, batch_size: 16, log_every: 2, record: 4}
                """);
        for (String lr : List.of("0.5", "0.05")) {
            assertThat(dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("runs").toString(),
                    "--set", "optimizer.lr=" + lr).exitCode()).isZero();
        }
        try (Stream<Path> folders = Files.list(dir.resolve("runs"))) {
            runs = folders.map(Path::toString).sorted().toList();
        }
    }

    @Test
    void overlaysRunsIntoAValidPng() throws IOException {
        Path png = dir.resolve("val.png");
        var result = dlx("plot", runs.get(0), runs.get(1), "--metric", "val_accuracy", "--out", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    @Test
    void drawsSchedulesAndStepLossesAgainstIterationsAsSvg() throws IOException {
        Path svg = dir.resolve("lr.svg");
        var result = dlx("plot", runs.get(0), runs.get(1), "--metric", "lr", "--x", "iteration", "--out", svg.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String text = Files.readString(svg);
        assertThat(text).contains("<svg").contains("viewBox=\"0 0 800 500\"");
        List<dlx.run.StoredRun> stored = runs.stream().map(r -> dlx.run.StoredRun.read(Path.of(r))).toList();
        assertThat(dlx.run.RunCatalog.labels(stored)).as("same names: labelled by what differs")
                .containsExactlyInAnyOrder("optimizer.lr=0.5", "optimizer.lr=0.05");

        assertThat(dlx("plot", runs.get(0), "--metric", "loss", "--x", "iteration", "--out",
                dir.resolve("loss.png").toString()).exitCode()).isZero();
        assertThat(dlx("plot", runs.get(0), "--metric", "train_loss", "--x", "seconds", "--out",
                dir.resolve("t.png").toString()).exitCode()).isZero();
    }

    @Test
    void aRunWithoutStepRowsNamesLogEvery() throws IOException {
        Path run = dir.resolve("steps-copy");
        Files.createDirectories(run);
        try (Stream<Path> files = Files.list(Path.of(runs.get(0)))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, run.resolve(file.getFileName()));
            }
        }
        // as an earlier dlx left a run with fewer iterations than log_every: the header alone
        Files.writeString(run.resolve("metrics-steps.csv"), "iteration,epoch,lr,loss\n");
        var result = dlx("plot", run.toString(), "--metric", "loss", "--x", "iteration", "--out",
                dir.resolve("none.png").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().strip()).doesNotContain("\n").contains("training.log_every").contains("(2 in ");
    }

    @Test
    void anUnknownMetricListsTheAvailableOnes() {
        var result = dlx("plot", runs.get(0), "--metric", "val_acc", "--out", dir.resolve("x.png").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("--metric val_acc: none of these runs has it")
                .contains("val_accuracy").contains("train_loss");
        assertThat(dlx("plot", runs.get(0), "--out", dir.resolve("x.gif").toString()).exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void drawsALayerStatisticOneLinePerLayerInOnePanelPerRun() throws IOException {
        Path one = dir.resolve("grad-one.png");
        var result = dlx("plot", runs.get(0), "--metric", "layers.grad_norm", "--log", "--out", one.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ImageIO.read(one.toFile()).getWidth()).isEqualTo(800);

        Path two = dir.resolve("grad-two.png");
        result = dlx("plot", runs.get(0), runs.get(1), "--metric", "layers.grad_norm", "--out", two.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        var image = ImageIO.read(two.toFile());
        assertThat(image.getWidth()).as("two panels side by side").isEqualTo(2 * 640);
        assertThat(image.getHeight()).isEqualTo(30 + 480);

        Path svg = dir.resolve("ratio.svg");
        assertThat(dlx("plot", runs.get(0), runs.get(1), "--metric", "layers.update_ratio", "--log", "--out",
                svg.toString()).exitCode()).isZero();
        assertThat(Files.readString(svg)).contains("<svg").contains("viewBox=\"0 0 1280 510\"");
    }

    @Test
    void aLayerMetricNamesTheColumnsLayersCsvHas() {
        var result = dlx("plot", runs.get(0), "--metric", "layers.gradient", "--out", dir.resolve("x.png").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("layers.csv has no column gradient").contains("layers.grad_norm");
        result = dlx("plot", runs.get(0), "--metric", "layers.dead", "--x", "epoch", "--out", dir.resolve("x.png").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("against the iteration only");
    }

    @Test
    void aComparisonPageShowsTheRecordedGradientNorms() throws IOException {
        Path page = dir.resolve("compare.html");
        assertThat(dlx("report", runs.get(0), runs.get(1), "--out", page.toString()).exitCode()).isZero();
        assertThat(Files.readString(page)).contains("<h2>layer statistics: gradient norms</h2>");
    }
}
