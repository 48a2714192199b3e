package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged checkpoints, changed data and exhausted memory: one clear line and the right exit code. */
class BadCheckpointTest {
    @TempDir
    Path dir;

    private Path trainedCsvRun() throws IOException {
        Files.writeString(dir.resolve("data.csv"), "a,b,label\n" + "0,0,x\n1,1,y\n0.1,0,x\n0.9,1,y\n".repeat(10));
        Files.writeString(dir.resolve("csv.yaml"), """
                data: {source: csv, path: %s, validation_split: 0.0}
                model: {layers: [{type: dense, units: 4}, {type: output, units: 2}]}
                training: {epochs: 1, batch_size: 8}
                """.formatted(dir.resolve("data.csv")));
        Path runs = dir.resolve("runs");
        assertThat(dlx("train", "--config", dir.resolve("csv.yaml").toString(), "--runs-dir", runs.toString())
                .exitCode()).isZero();
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.findFirst().orElseThrow();
        }
    }

    @Test
    void aTruncatedCheckpointIsRefusedWithExitTwo() throws IOException {
        Path run = trainedCsvRun();
        byte[] whole = Files.readAllBytes(run.resolve("checkpoints/last.zip"));
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        var result = dlx("eval", "--checkpoint", cut.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().strip()).startsWith("dlx: " + cut + ": not a checkpoint").doesNotContain("\n");
    }

    @Test
    void aZipWithoutDlxsEntriesIsNotACheckpoint() throws IOException {
        Path run = trainedCsvRun();
        Path foreign = dir.resolve("foreign.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(run.resolve("checkpoints/last.zip")));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(foreign))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.getName().startsWith("dlx/")) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                }
            }
        }
        var result = dlx("eval", "--checkpoint", foreign.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().strip()).isEqualTo("dlx: " + foreign + ": not a dlx checkpoint (no dlx/config.yaml inside)");
    }

    @Test
    void dataThatNoLongerFitsTheNetworkIsNamed() throws IOException {
        Path run = trainedCsvRun();
        Files.writeString(dir.resolve("data.csv"), "a,b,c,label\n" + "0,0,0,x\n1,1,1,y\n".repeat(10));
        var result = dlx("eval", "--checkpoint", run.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("the data changed since this run trained")
                .contains("the network takes 2 inputs but the data has 3 features per example");
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitOne() throws Exception {
        Files.writeString(dir.resolve("big.yaml"), """
                data: {source: synthetic, kind: moons, samples: 100}
                model: {input: [2], layers: [{type: dense, units: 8192}, {type: dense, units: 8192}, {type: output, units: 2}]}
                """);
        Process process = new ProcessBuilder(ChildDlx.command(
                List.of("-Dorg.bytedeco.javacpp.maxbytes=64M", "-Dorg.bytedeco.javacpp.maxphysicalbytes=900M"),
                "train", "--config", dir.resolve("big.yaml").toString(), "--runs-dir", dir.resolve("runs").toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.FAILED);
        assertThat(output).contains("dlx: failed: out of memory").contains("lower training.batch_size")
                .doesNotContain("\tat ");
        // DL4J's crash dump goes with the run, not into whatever directory dlx was started from
        try (var runs = Files.list(dir.resolve("runs"))) {
            assertThat(runs.findFirst().orElseThrow()).isDirectoryContaining("glob:**/dl4j-memory-crash-dump-*.txt");
        }
    }

    /** {@code zip} with the named entries taken from {@code donor} and the others left out or kept as they are. */
    private Path mixed(Path zip, Path donor, List<String> fromDonor, List<String> leftOut) throws IOException {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(donor))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (fromDonor.contains(e.getName())) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        Path mixed = dir.resolve("mixed-" + System.nanoTime() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(mixed))) {
            for (var entry : entries.entrySet()) {
                if (!leftOut.contains(entry.getKey())) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(entry.getValue());
                }
            }
        }
        return mixed;
    }

    @Test
    void aTamperedCheckpointOrOneAssembledFromTwoSaysWhatIsWrongAndWhatToDo() throws IOException {
        Path run = trainedCsvRun();
        Path last = run.resolve("checkpoints/last.zip");
        Path csv = dir.resolve("csv.yaml");
        assertThat(dlx("train", "--config", csv.toString(), "--runs-dir", dir.resolve("wide").toString(),
                "--set", "model.layers[0].units=32").exitCode()).isZero();
        Path wide;
        try (Stream<Path> folders = Files.list(dir.resolve("wide"))) {
            wide = folders.findFirst().orElseThrow().resolve("checkpoints/last.zip");
        }

        Path tampered = mixed(last, wide, List.of("coefficients.bin"), List.of());
        var changed = dlx("eval", "--checkpoint", tampered.toString());
        assertThat(changed.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(changed.err().strip()).isEqualTo("dlx: " + tampered + ": its coefficients.bin is not what dlx saved"
                + " (its checksum differs from the one in dlx/identity.json): the file was changed after it was saved;"
                + " use another checkpoint (checkpoints/epoch-NNNN.zip, last.zip, best.zip) or train again");

        // saved before checkpoints had an identity: nothing to check the entries against but each other
        Path weights = mixed(last, wide, List.of("coefficients.bin"), List.of("dlx/identity.json"));
        var otherWeights = dlx("eval", "--checkpoint", weights.toString());
        assertThat(otherWeights.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(otherWeights.err().strip()).startsWith("dlx: " + weights + ": its network cannot be restored:"
                + " configuration.json and coefficients.bin do not fit together (").endsWith("; use another checkpoint"
                + " (checkpoints/epoch-NNNN.zip, last.zip, best.zip) or train again").doesNotContain("(null)")
                .doesNotContain("\n");

        Path network = mixed(last, wide, List.of("configuration.json", "coefficients.bin", "updaterState.bin"),
                List.of("dlx/identity.json"));
        var otherNetwork = dlx("eval", "--checkpoint", network.toString());
        assertThat(otherNetwork.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(otherNetwork.err().strip()).isEqualTo("dlx: " + network + ": its network (configuration.json, 162"
                + " parameters) is not the one its dlx/config.yaml describes (22 parameters): the file was put together"
                + " from two checkpoints or changed after it was saved; use another checkpoint"
                + " (checkpoints/epoch-NNNN.zip, last.zip, best.zip) or train again");
    }
}
