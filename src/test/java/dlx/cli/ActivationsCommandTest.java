package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlx activations as a user runs it: configs and overrides in, one picture out. */
class ActivationsCommandTest {
    private static final String DEEP = """
            name: deep
            data: {source: synthetic, kind: moons}
            model:
              input: [20]
              defaults: {activation: sigmoid, init: xavier}
              layers: [{type: dense, units: 30}, {type: dense, units: 30}, {type: dense, units: 30},
                       {type: dropout, rate: 0.5}, {type: output, units: 2}]
            """;

    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path file = dir.resolve("deep.yaml");
        Files.writeString(file, DEEP);
        return file;
    }

    @Test
    void drawsOneRowPerConfigAndOnePanelPerLayerButTheOutput() throws IOException {
        Path png = dir.resolve("a.png");
        var result = dlx("activations", "--config", config().toString(), "--set", "model.defaults.init={type: normal, std: 1}",
                "--config", config().toString(), "--label", "Xavier", "--inputs", "200", "--out", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo(png.toString());
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).as("4 layers: 3 dense and the dropout").isEqualTo(4 * 300);
        assertThat(image.getHeight()).as("2 rows under their headings").isEqualTo(2 * (30 + 230));
    }

    @Test
    void eachRowHasItsOwnOverridesAndHeading() throws IOException {
        Path svg = dir.resolve("a.svg");
        var result = dlx("activations", "--config", config().toString(), "--set", "model.defaults.init={type: normal, std: 1}",
                "--set", "model.defaults.activation=tanh", "--config", config().toString(),
                "--set", "model.defaults.activation=relu", "--config", config().toString(), "--out", svg.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(svg)).contains("model.defaults.init={type: normal, std: 1}, model.defaults.activation=tanh")
                .contains(">model.defaults.activation=relu<").contains(">deep<");
    }

    @Test
    void mistakesGetOneLineAndExit2() throws IOException {
        String file = config().toString();
        var result = dlx("activations", "--config", file, "--set", "model.defaults.init=hee", "--out", dir.resolve("x.png").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("model.defaults.init.type: 'hee' is not one of").hasLineCount(1);
        assertThat(dlx("activations", "--config", file, "--out", dir.resolve("x.gif").toString()).exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(dlx("activations", "--config", file, "--inputs", "0").err()).contains("--inputs 0: must be > 0");
        assertThat(dlx("activations", "--out", dir.resolve("x.png").toString()).exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void withoutModelInputTheDataGivesTheShape() throws IOException {
        Files.writeString(dir.resolve("moons.yaml"), DEEP.replace("  input: [20]\n", ""));
        Path png = dir.resolve("moons.png");
        var result = dlx("activations", "--config", dir.resolve("moons.yaml").toString(), "--out", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(png).exists();
    }
}
