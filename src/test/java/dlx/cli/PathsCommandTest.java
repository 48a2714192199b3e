package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.optim.path.Surface;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathsCommandTest {
    @TempDir
    Path dir;

    @Test
    void drawsTheFourClassicPathsIntoAPng() throws IOException {
        Path png = dir.resolve("paths.png");
        var result = dlx("paths", "--out", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.size(png)).isGreaterThan(10_000);
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(560);
        assertThat(result.out()).contains("sgd:lr=0.95").contains("momentum:lr=0.1,momentum=0.9").contains("adagrad:lr=1.5")
                .contains("adam:lr=0.3").endsWith(png + "\n");
    }

    @Test
    void jsonHasEveryPointOfEveryPath() throws IOException {
        Path svg = dir.resolve("r.svg");
        var result = dlx("paths", "--function", "rosenbrock", "--start=-1.5,2", "--steps", "12",
                "--optimizer", "nesterov:lr=0.0001", "--optimizer", "adadelta", "--json", "--out", svg.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(result.out());
        assertThat(report.get("function").asText()).isEqualTo("rosenbrock");
        assertThat(report.get("paths")).hasSize(2);
        JsonNode nesterov = report.get("paths").get(0);
        assertThat(nesterov.get("config").get("momentum").asDouble()).as("the default filled in").isEqualTo(0.9);
        assertThat(nesterov.get("points")).hasSize(13);
        assertThat(nesterov.get("points").get(0).get(0).asDouble()).isEqualTo(-1.5);
        assertThat(nesterov.get("points").get(0).get(2).asDouble()).isEqualTo(Surface.ROSENBROCK.value(-1.5, 2));
        assertThat(Files.readString(svg)).contains("<svg");
    }

    @Test
    void aBadOptimizerSpecIsOneLineNamingTheKey() {
        var result = dlx("paths", "--optimizer", "sgd:lr=0.95", "--optimizer", "momentum:lr=0.1,beta1=0.9",
                "--out", dir.resolve("p.png").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo("dlx: --optimizer momentum:lr=0.1,beta1=0.9: optimizer.beta1: not used by"
                + " momentum (it takes: momentum)\n");
        assertThat(dir.resolve("p.png")).doesNotExist();
    }

    @Test
    void badOptionsAreOneLineEach() {
        String png = dir.resolve("p.png").toString();
        String[][] mistakes = {{"--function", "himmelblau", "--out", png}, {"--start", "1;2", "--out", png},
                {"--steps", "0", "--out", png}, {"--out", "p.gif"}, {"--optimizer", "adam", "--optimizer", "adam"}};
        for (String[] mistake : mistakes) {
            String[] args = new String[mistake.length + 1];
            args[0] = "paths";
            System.arraycopy(mistake, 0, args, 1, mistake.length);
            var result = dlx(args);
            assertThat(result.exitCode()).as(String.join(" ", mistake)).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(result.err()).startsWith("dlx: " + mistake[0]).hasLineCount(1);
        }
        assertThat(dir.resolve("p.png")).doesNotExist();
    }

    @Test
    void helpShowsEachFunctionsDefaults() {
        String help = dlx("paths", "--help").out();
        for (Surface surface : Surface.values()) {
            assertThat(help).contains(surface.configName() + "  ").contains(surface.formula());
            surface.optimizers().forEach(spec -> assertThat(help).contains(spec));
        }
    }
}
