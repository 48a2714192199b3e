package dlx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./dlx on a checkout that was never built: it builds the jar, then runs it; a second call reuses the jar. */
class LauncherTest {
    @TempDir
    Path checkout;

    @Test
    void theLauncherBuildsOnFirstUseAndThenRuns() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        for (String path : List.of("pom.xml", ".mvn", "src/main", "dlx")) {
            copy(repo.resolve(path), checkout.resolve(path));
        }

        Run first = launch();
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("building").contains("Usage: dlx");
        assertThat(checkout.resolve("target/dlx.jar")).exists();
        assertThat(checkout.resolve("target/dlx.jsa")).as("the class archive made after the build").isNotEmptyFile();

        Run second = launch();
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).doesNotContain("building").contains("Usage: dlx");

        aSymlinkOnThePathRunsTheCheckoutItPointsTo(home); // here, so that the build above serves both
    }

    @TempDir
    Path home;

    private void aSymlinkOnThePathRunsTheCheckoutItPointsTo(Path home) throws Exception {
        // as users install command-line tools: a link in a folder on the PATH, perhaps through another link
        Path bin = Files.createDirectories(home.resolve(".local/bin"));
        Path link = Files.createSymbolicLink(bin.resolve("dlx"), checkout.resolve("dlx"));
        Path alias = Files.createSymbolicLink(home.resolve("dlx-alias"), home.relativize(link));
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
        for (Path launcher : List.of(link, alias)) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "\"$0\" --version", launcher.toString())
                    .directory(elsewhere.toFile()).redirectErrorStream(true);
            builder.environment().put("DLX_MVN_ARGS", "-o");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).as(launcher.toString()).startsWith("dlx ").doesNotContain("building");
        }
        assertThat(bin.resolve("target")).as("nothing built next to the link").doesNotExist();
    }

    private record Run(int exitCode, String output) {
    }

    private Run launch() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("dlx").toString(), "--help")
                .directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().put("DLX_MVN_ARGS", "-o");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
