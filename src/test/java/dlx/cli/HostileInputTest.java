package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs made to exhaust memory or time (a file of megabytes on one line, a zip entry that inflates to gigabytes,
 * a name of millions of characters, data larger than the heap): each gets one line, in bounded memory and time.
 */
class HostileInputTest {
    private static final String XOR = """
            data: {source: synthetic, kind: xor, samples: 80}
            model: {layers: [{type: dense, units: 4}, {type: output, units: 2}]}
            training: {epochs: 1, batch_size: 16}
            """;

    @TempDir
    Path dir;

    @Test
    void anExperimentFileLargerThanAnyExperimentIsRefusedBeforeItIsParsed() throws IOException {
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, XOR + "# " + "x".repeat(30 << 20) + "\n");
        var result = dlx("config", "validate", huge.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().strip()).isEqualTo("dlx: " + huge + ": " + String.format("%,d", Files.size(huge))
                + " bytes; an experiment file may hold at most 256 KB (the shipped ones hold 2 KB): is it the file you meant?");
    }

    @Test
    void oneVeryLongLineIsRefusedBeforeTheYamlParserSpendsMinutesOnIt() throws IOException {
        Path line = dir.resolve("line.yaml");
        Files.writeString(line, "name: \"" + "n".repeat(200_000) + "\"\n" + XOR);
        var result = dlx("config", "validate", line.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().strip()).isEqualTo("dlx: " + line + ":1: a line of 200,008 characters; a line of an"
                + " experiment file may have at most 10,000");
    }

    @Test
    void aNameTooLongForAFolderIsRefusedWhereNamesAreValidatedInOneShortLine() throws IOException {
        Path named = dir.resolve("named.yaml");
        Files.writeString(named, "name: " + "n".repeat(5000) + "\n" + XOR);
        String expected = "name: 'nnnnnnnnnnnnnnnnnnnn…' has 5,000 characters; a name may have at most 100 (it becomes"
                + " part of a folder name)";
        var validate = dlx("config", "validate", named.toString());
        assertThat(validate.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(validate.err().strip()).endsWith(expected).hasSizeLessThan(300);
        var train = dlx("train", "--config", named.toString(), "--runs-dir", dir.resolve("runs").toString());
        assertThat(train.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(train.err().strip()).endsWith(expected).hasSizeLessThan(300);
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void aCheckpointEntryThatInflatesToGigabytesIsRefusedUnread() throws IOException {
        Path config = dir.resolve("xor.yaml");
        Files.writeString(config, XOR);
        assertThat(dlx("train", "--config", config.toString(), "--runs-dir", dir.resolve("runs").toString())
                .exitCode()).isZero();
        Path run = onlyRun(dir.resolve("runs"));
        Path last = run.resolve("checkpoints/last.zip");
        // dlx/config.yaml padded with 8 MB of comment: a few KB in the zip
        Path bomb = dir.resolve("bomb.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(last));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                if (e.getName().equals("dlx/config.yaml")) {
                    byte[] comment = ("#" + " ".repeat(1023)).getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 8 << 10; i++) {
                        out.write(comment);
                    }
                }
            }
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        var eval = dlx("eval", "--checkpoint", bomb.toString());
        assertThat(eval.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(eval.err().strip()).isEqualTo("dlx: " + bomb + ": its dlx/config.yaml inflates to more than 256 KB,"
                + " more than dlx reads from a checkpoint; it is not a checkpoint dlx wrote");

        Files.copy(bomb, last, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var resume = dlx("train", "--resume", run.toString(), "--set", "training.epochs=2");
        assertThat(resume.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(resume.err().strip()).startsWith("dlx: " + last + ": its dlx/config.yaml inflates to more than");
    }

    @Test
    void runningOutOfMemoryWhileLoadingDataIsOneLineAndExitOne() throws Exception {
        Path csv = dir.resolve("big.csv");
        try (Writer out = Files.newBufferedWriter(csv)) {
            out.write("a,b,label\n");
            for (int i = 0; i < 1_000_000; i++) {
                out.write("0.25,0.5,x\n1.25,1.5,y\n");
            }
        }
        Path config = dir.resolve("csv.yaml");
        Files.writeString(config, """
                data: {source: csv, path: %s}
                model: {layers: [{type: output, units: 2}]}
                """.formatted(csv));
        Process process = new ProcessBuilder(ChildDlx.command(List.of("-Xmx64m"), "train", "--config",
                config.toString(), "--runs-dir", dir.resolve("runs").toString())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.FAILED);
        assertThat(output.strip()).startsWith("dlx: failed: out of memory (Java heap space); give dlx more")
                .doesNotContain("\n");
    }
}
