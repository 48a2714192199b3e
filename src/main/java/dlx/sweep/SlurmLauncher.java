package dlx.sweep;

import dlx.launch.BatchScript;
import dlx.launch.Slurm;
import dlx.run.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs each rung as one Slurm job array ({@code sbatch --array=…%P}, P the sweep's --parallel), each rung after
 * the one before ({@code --dependency=afterany:…}). The scripts are kept in the sweep's slurm/ folder and every
 * job submitted is recorded in slurm/jobs.csv, for {@code dlx sweep --status} and {@code --resume}.
 */
public final class SlurmLauncher implements TrialLauncher {
    static final String JOBS = "jobs.csv";
    /** How often a waiting sweep asks Slurm whether its jobs are still queued or running. */
    private static final long POLL_MILLIS = 2000;
    private final Path sweepDir;
    private final int parallel;
    private final List<String> options;
    private final boolean detach;
    private final PrintWriter console;
    private final List<String> jobs = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    private record Job(String id) implements Started {
    }

    /**
     * @param sweepDir the sweep folder, on a filesystem every node sees
     * @param options  --slurm-opt values, checked with {@link Slurm#check}
     * @param detach   return once the arrays are queued
     */
    public SlurmLauncher(Path sweepDir, int parallel, List<String> options, boolean detach, PrintWriter console) {
        this.sweepDir = sweepDir.toAbsolutePath();
        this.parallel = parallel;
        this.options = List.copyOf(options);
        this.detach = detach;
        this.console = console;
    }

    @Override
    public Started start(Sweep.Rung rung, Started after) {
        Path slurm = sweepDir.resolve("slurm");
        try {
            Files.createDirectories(slurm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BatchScript script = new BatchScript(jobName(sweepDir), BatchScript.array(rung.tasks(), parallel),
                after instanceof Job job ? job.id() : null, sweepDir.resolve("logs").resolve("slurm-%A_%a.txt"),
                Path.of("").toAbsolutePath(), options,
                // a trial runs from this build's class path, so on the sweep's backend
                java.util.Map.of(dlx.device.BackendChoice.ENV, dlx.device.Backend.ofThisBuild().id()), List.of("trial", sweepDir.toString(), "--rung",
                String.valueOf(rung.index()), rung.ranked() ? "--rank" : "--trial", BatchScript.TASK_ID,
                "--update-board"));
        Path file = slurm.resolve("rung-" + rung.index() + ".sh");
        RunFolder.writeAtomically(file, out -> out.write(script.render().getBytes(StandardCharsets.UTF_8)));
        String id = Slurm.submit(file);
        jobs.add(id);
        String line = String.join(",", id, String.valueOf(rung.index()), script.array(),
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString()) + "\n";
        try {
            Path record = slurm.resolve(JOBS);
            if (!Files.exists(record)) {
                Files.writeString(record, "job,rung,array,submitted\n");
            }
            Files.writeString(record, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        console.printf("rung %d: Slurm job %s, %s %s (%s)%n", rung.index(), id, rung.tasks().size(),
                rung.tasks().size() == 1 ? "task" : "tasks", rung.ranked() ? "the best survivors, once the rung before ends"
                        : "one per trial");
        if (stopping) {
            Slurm.cancel(List.of(id)); // Ctrl-C came while it was being submitted
        }
        return new Job(id);
    }

    /** The jobs this launcher submitted, oldest first. */
    public List<String> submitted() {
        return List.copyOf(jobs);
    }

    /** All jobs of a sweep share this name: {@code scancel --name=…} stops the sweep. */
    public static String jobName(Path sweepDir) {
        return "dlx-" + sweepDir.toAbsolutePath().getFileName();
    }

    @Override
    public void await() {
        if (detach) {
            return;
        }
        int failures = 0;
        while (true) {
            try {
                if (Slurm.queued(Set.copyOf(jobs)).isEmpty()) {
                    return;
                }
                failures = 0;
            } catch (UncheckedIOException e) {
                // slurmctld restarting or busy: the jobs go on meanwhile; give up only after a minute of failures
                if (++failures * POLL_MILLIS > 60_000) {
                    throw e;
                }
                if (failures == 1) {
                    console.println("squeue: " + e.getCause().getMessage() + "; asking again");
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean waits() {
        return !detach;
    }

    /** Ctrl-C: scancel; Slurm sends TERM to the running tasks, which save last.zip and end interrupted. */
    @Override
    public void stop() {
        stopping = true;
        Slurm.cancel(jobs);
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    @Override
    public String describe() {
        return "Slurm job arrays, " + parallel + " at a time";
    }

    /** The jobs a sweep folder's slurm/jobs.csv records, oldest first. */
    public static List<String> jobs(Path sweepDir) {
        Path record = sweepDir.resolve("slurm").resolve(JOBS);
        if (!Files.exists(record)) {
            return List.of();
        }
        try {
            List<String> ids = new ArrayList<>();
            Files.readAllLines(record).stream().skip(1).filter(l -> !l.isBlank())
                    .forEach(l -> ids.add(l.substring(0, l.indexOf(','))));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
