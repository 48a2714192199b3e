package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html: written by every run, self-contained, and rendered by a real browser. */
class ReportTest {
    @TempDir
    static Path dir;
    static List<Path> runs;

    @BeforeAll
    static void twoEvaluatedRuns() throws IOException {
        Path config = dir.resolve("spirals.yaml");
        Files.writeString(config, """
                data: {source: synthetic, kind: spirals, samples: 300}
                model: {layers: [{type: dense, units: 16}, {type: output, units: 2}]}
                training: {epochs: 3, batch_size: 16}
                """);
        for (String lr : List.of("0.01", "0.003")) {
            assertThat(dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("runs").toString(),
                    "--set", "optimizer.lr=" + lr, "--name", "lr-" + lr).exitCode()).isZero();
        }
        try (Stream<Path> folders = Files.list(dir.resolve("runs"))) {
            runs = folders.sorted().toList();
        }
    }

    @Test
    void everyRunWritesASelfContainedReport() throws IOException {
        String html = Files.readString(runs.get(0).resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("completed").contains("summary").contains("curves")
                .contains("data:image/png;base64,").contains("evaluation: test split").contains("actual \\ predicted")
                .contains("config").contains("optimizer:").contains("lr: 0.0");
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
        assertThat(html).as("no training.record: no layers.csv").doesNotContain("layer statistics");
    }

    @Test
    void theReportWrittenAtTheEndOfARunShowsHowAndWhenItEnded() throws IOException {
        String html = Files.readString(runs.get(0).resolve("report.html"));
        assertThat(html).contains("<span class=\"status completed\">completed</span>")
                .doesNotContain("status running").doesNotContain(">running<")
                .containsPattern("ended</td><td>\\d{4}-\\d\\d-\\d\\dT").doesNotContain("ended</td><td>null");
    }

    @Test
    void reportComparesSeveralRunsOnOnePage() throws IOException {
        Path page = dir.resolve("compare.html");
        var result = dlx("report", runs.get(0).toString(), runs.get(1).toString(), "--out", page.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(page)).contains("Comparing 2 runs").contains("optimizer.lr").contains("lr-0.003");
    }

    @Test
    void aHeadlessBrowserRendersTheReport() throws Exception {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (.ci/run installs it)");
        Path shot = dir.resolve("shot.png");
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--window-size=1200,1600",
                "--screenshot=" + shot, runs.get(0).resolve("report.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.txt").toFile()).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).as(Files.readString(dir.resolve("chromium.txt"))).isNotNull();
        int coloured = 0;
        int total = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                total++;
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    coloured++;
                }
            }
        }
        assertThat(coloured).as("the page is not blank").isGreaterThan(total / 20);
    }
}
