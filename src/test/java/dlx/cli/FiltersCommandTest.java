package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx filters: a trained CNN's first-layer filters and one image's feature maps. */
class FiltersCommandTest {
    @TempDir
    Path dir;

    private Path trained(String layers) throws IOException {
        Path config = dir.resolve("cnn.yaml");
        Files.writeString(config, """
                name: cnn
                data: {source: fashion-mnist, train_limit: 100, validation_split: 0.002}
                model:
                  input: [28, 28, 1]
                  layers: %s
                training: {epochs: 1, batch_size: 50}
                """.formatted(layers));
        var result = dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return onlyRun(dir.resolve("runs"));
    }

    @Test
    void drawsARowOfFiltersTheImageAndARowOfFeatureMaps() throws IOException {
        Path run = trained("[{type: conv2d, filters: 4, kernel: 5}, {type: maxpool, kernel: 2}, {type: output, units: 10}]");
        Path png = dir.resolve("filters.png");

        var result = dlx("filters", run.toString(), "--example", "2", "--out", png.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        // three rows: filters enlarged 5x (25 px), the 28x28 image and the 24x24 maps, all at 3 screen pixels each
        int rowHeight = 28 * 3 + 6;
        assertThat(image.getHeight()).isEqualTo(30 + 22 + 3 * rowHeight + 6);
    }

    @Test
    void aNetworkWithoutConvolutionsHasNoFilters() throws IOException {
        Path run = trained("[{type: dense, units: 8}, {type: output, units: 10}]");

        var result = dlx("filters", run.toString(), "--out", dir.resolve("f.png").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("has no conv2d layer");
        assertThat(dir.resolve("f.png")).doesNotExist();
    }
}
