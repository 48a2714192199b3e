package dlx.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The one-node cluster of scripts/slurm-local.sh, started in a directory of its own for a test class, and dlx run
 * against it as a user would: a process whose SLURM_CONF points at the cluster. Where Slurm is not installed or the
 * cluster cannot start, the tests that need it are skipped with the reason (.ci/run installs it).
 */
final class LocalSlurm implements AutoCloseable {
    private static final Path SCRIPT = Path.of("scripts/slurm-local.sh").toAbsolutePath();
    private final Path dir;
    private final String conf;

    private LocalSlurm(Path dir, String conf) {
        this.dir = dir;
        this.conf = conf;
    }

    static LocalSlurm start() throws IOException, InterruptedException {
        for (String tool : List.of("munged", "slurmctld", "slurmd", "sbatch")) {
            boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
            Assumptions.assumeTrue(found, "Slurm is not installed (no " + tool + " on PATH): apt-get install"
                    + " --no-install-recommends slurm-wlm munge, as .ci/run does, runs these tests");
        }
        // munged wants every directory above its socket to be world-executable: not a 0700 temporary directory
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "dlx-slurm-test-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "start");
        builder.environment().put("DLX_SLURM_DIR", dir.toString());
        Path err = dir.resolve("start.err");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = process.waitFor(90, TimeUnit.SECONDS);
        String conf = out.lines().filter(l -> l.startsWith("export SLURM_CONF=")).map(l -> l.substring(18))
                .findFirst().orElse(null);
        if (!ended || process.exitValue() != 0 || conf == null) {
            String why = Files.readString(err).strip();
            new LocalSlurm(dir, null).close();
            Assumptions.abort("the local Slurm cluster did not start (scripts/slurm-local.sh start: " + why + ")");
        }
        return new LocalSlurm(dir, conf);
    }

    /** dlx in a process of its own that reaches this cluster, its console going to {@code console}. */
    Process startDlx(Path console, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildDlx.command(List.of(), args)).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().put("SLURM_CONF", conf);
        return builder.start();
    }

    record Result(int exitCode, String console) {
    }

    /** Runs dlx to its end (at most 5 minutes). */
    Result dlx(Path console, String... args) throws IOException, InterruptedException {
        Process process = startDlx(console, args);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("dlx " + String.join(" ", args) + " did not end: " + Files.readString(console));
        }
        return new Result(process.exitValue(), Files.readString(console));
    }

    /** A Slurm command (scontrol, scancel, squeue) against this cluster; its stdout. */
    String slurm(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SLURM_CONF", conf);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Slurm's own record of each task of a job: scontrol's fields (JobState, ArrayTaskId, Restarts …). */
    List<Map<String, String>> records(String jobId) throws IOException, InterruptedException {
        List<Map<String, String>> records = new ArrayList<>();
        for (String line : slurm("scontrol", "--oneliner", "show", "job", jobId).lines().filter(l -> l.contains("JobId="))
                .toList()) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String part : line.strip().split(" +")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.putIfAbsent(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            records.add(fields);
        }
        return records;
    }

    /** Waits until nothing is queued or running on the cluster. */
    void awaitIdle(int seconds) throws IOException, InterruptedException {
        awaitTrue(seconds, () -> {
            try {
                return slurm("squeue", "--noheader").isBlank();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "the queue to empty");
    }

    static void awaitTrue(int seconds, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "stop").redirectErrorStream(true);
        builder.environment().put("DLX_SLURM_DIR", dir.toString());
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        process.waitFor(90, TimeUnit.SECONDS);
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
