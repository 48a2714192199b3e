package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionsCommandTest {
    @TempDir
    Path dir;

    @Test
    void theNotesSixFunctionsAreTwoRowsOfThreePanels() throws IOException {
        Path png = dir.resolve("f.png");
        var result = dlx("functions", "--out", png.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(3 * 560);
        assertThat(image.getHeight()).as("two rows under one heading").isEqualTo(2 * 420 + 30);
    }

    @Test
    void chosenFunctionsGetAPanelEach() throws IOException {
        Path png = dir.resolve("two.png");
        var result = dlx("functions", "gelu", "leaky_relu:0.2", "--from", "-2", "--to", "2", "--out", png.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(2 * 560);
    }

    @Test
    void anUnknownFunctionIsOneLineWithASuggestion() {
        var result = dlx("functions", "sigmod", "--out", dir.resolve("x.png").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("sigmod: not an activation", "did you mean 'sigmoid'?");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void aSlopeIsOnlyForLeakyRelu() {
        var result = dlx("functions", "relu:0.1", "--out", dir.resolve("x.png").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("only leaky_relu takes a value");
    }
}
