package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runs directory that fills up: one clear line, exit 1, and no file that claims to be complete but is not. */
class FullDiskTest {
    @TempDir
    Path dir;

    @Test
    void aFullDiskFailsTheRunCleanly() throws Exception {
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        // a 48 KB file system: room for the first checkpoints, not for the next ones
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "mounting a small tmpfs needs root and a mount-capable sandbox");
        try {
            Path config = dir.resolve("moons.yaml");
            Files.writeString(config, """
                    data: {source: synthetic, kind: moons, samples: 400}
                    model: {layers: [{type: dense, units: 200}, {type: output, units: 2}]}
                    training: {epochs: 3, batch_size: 32}
                    """);
            var result = dlx("train", "--config", config.toString(), "--runs-dir", disk.resolve("runs").toString());
            assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(result.err()).contains("cannot write (No space left on device)").doesNotContain("\tat ");

            Path run;
            try (Stream<Path> folders = Files.list(disk.resolve("runs"))) {
                run = folders.findFirst().orElseThrow();
            }
            JsonNode info = Json.MAPPER.readTree(run.resolve("run.json").toFile());
            // "failed" when there was room to say so; otherwise still "running", which reads as crashed once
            // the process is gone: never "completed"
            assertThat(info.get("status").asText()).isIn("failed", "running");
            try (Stream<Path> files = Files.walk(run)) {
                List<Path> all = files.filter(Files::isRegularFile).toList();
                assertThat(all).noneMatch(p -> p.toString().endsWith(".tmp"));
                for (Path zip : all.stream().filter(p -> p.toString().endsWith(".zip")).toList()) {
                    assertThat(Checkpoint.read(zip).state().epochsCompleted()).isPositive();
                }
            }
        } finally {
            new ProcessBuilder("umount", disk.toString()).start().waitFor();
        }
    }
}
