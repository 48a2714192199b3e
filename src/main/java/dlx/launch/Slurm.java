package dlx.launch;

import dlx.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's commands as dlx uses them: sbatch to submit, squeue for what is still queued or running, scontrol
 * for what ended (Slurm keeps ended jobs for MinJobAge; there may be no accounting database, so no sacct),
 * scancel to stop. They reach the cluster that SLURM_CONF (or the node's own configuration) names.
 */
public final class Slurm {
    /** Options dlx sets itself in every batch script; --slurm-opt may not override them. */
    private static final List<String> OWN_OPTIONS = List.of("--array", "--job-name", "--output", "--error",
            "--open-mode", "--dependency", "--chdir", "--parsable", "--wrap", "--requeue", "--no-requeue");
    private static final long TIMEOUT_SECONDS = 60;

    private Slurm() {
    }

    /** One array task (or a plain job, task null) as squeue or scontrol tells it. */
    public record Task(String jobId, Integer task, String state, String exitCode, String reason) {
        /** Whether Slurm may still run it: pending, running, requeued, suspended, being completed or configured. */
        public boolean active() {
            return List.of("PENDING", "RUNNING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "SUSPENDED", "COMPLETING",
                    "CONFIGURING", "RESIZING", "SIGNALING", "STAGE_OUT").contains(state);
        }
    }

    /**
     * Checks that sbatch can be used and would accept {@code options} (sbatch --test-only: nothing is submitted),
     * so that a wrong partition or account is one line before anything is written.
     */
    public static void check(List<String> options) {
        for (String option : options) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (!option.startsWith("-") || option.contains("\n")) {
                throw new InvalidInputException("--slurm-opt " + option + ": give one sbatch option, e.g."
                        + " --slurm-opt=--partition=gpu or --slurm-opt=--time=2:00:00");
            }
            if (OWN_OPTIONS.contains(name) || name.equals("-a") || name.equals("-J") || name.equals("-o")
                    || name.equals("-e") || name.equals("-d") || name.equals("-D")) {
                throw new InvalidInputException("--slurm-opt " + option + ": dlx sets " + name + " itself");
            }
        }
        List<String> command = new ArrayList<>(List.of("sbatch", "--test-only"));
        command.addAll(options);
        command.add("--wrap=true");
        Result result = run(command);
        if (result.code() != 0) {
            throw new InvalidInputException("sbatch refused the job: " + result.firstErrorLine());
        }
    }

    /** Submits a batch script; returns its job id (an array's job id). */
    public static String submit(Path script) {
        Result result = run(List.of("sbatch", "--parsable", script.toString()));
        if (result.code() != 0) {
            throw new InvalidInputException("sbatch refused " + script + ": " + result.firstErrorLine());
        }
        String id = result.out().strip();
        return id.contains(";") ? id.substring(0, id.indexOf(';')) : id;
    }

    /** The tasks of these jobs that are still queued or running (squeue forgets ended ones). */
    public static List<Task> queued(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        // all of the user's jobs, filtered here: squeue fails as a whole when one id has been purged
        Result result = run(List.of("squeue", "--noheader", "--array", "--me", "--format=%F|%K|%T|%r"));
        if (result.code() != 0) {
            throw new UncheckedIOException(new IOException("squeue failed: " + result.firstErrorLine()));
        }
        List<Task> tasks = new ArrayList<>();
        for (String line : result.out().lines().toList()) {
            String[] cells = line.strip().split("\\|", -1);
            if (cells.length == 4 && jobIds.contains(cells[0])) {
                tasks.add(new Task(cells[0], taskNumber(cells[1]), cells[2], null, cells[3]));
            }
        }
        return tasks;
    }

    /** Every task of a job that Slurm still remembers, queued, running or ended, with exit codes; empty once purged. */
    public static List<Task> tasks(String jobId) {
        Result result = run(List.of("scontrol", "--oneliner", "show", "job", jobId));
        if (result.code() != 0) {
            return List.of();
        }
        List<Task> tasks = new ArrayList<>();
        for (String line : result.out().lines().filter(l -> !l.isBlank()).toList()) {
            Map<String, String> fields = fields(line);
            String arrayJob = fields.getOrDefault("ArrayJobId", fields.get("JobId"));
            // the tasks of an array not started yet are one record, ArrayTaskId=2-7%2: one task each here
            for (Integer task : taskNumbers(fields.get("ArrayTaskId"))) {
                tasks.add(new Task(arrayJob, task, fields.get("JobState"), fields.get("ExitCode"), fields.get("Reason")));
            }
        }
        return tasks;
    }

    /** scancel: Slurm sends TERM to every process of the jobs; dlx saves last.zip and exits within KillWait. */
    public static void cancel(Collection<String> jobIds) {
        if (!jobIds.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("scancel"));
            command.addAll(jobIds);
            run(command);
        }
    }

    /** 3 → [3]; 2-7%2 or 1,4-5 → each id; absent (not an array) → [null]. */
    static List<Integer> taskNumbers(String cell) {
        if (cell == null) {
            return java.util.Collections.singletonList(null);
        }
        List<Integer> ids = new ArrayList<>();
        for (String part : cell.replaceFirst("%.*$", "").split(",")) {
            String[] range = part.split("[-:]");
            try {
                int first = Integer.parseInt(range[0]);
                int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
                int step = range.length > 2 ? Math.max(1, Integer.parseInt(range[2])) : 1;
                for (int id = first; id <= last && ids.size() < 100_000; id += step) {
                    ids.add(id);
                }
            } catch (NumberFormatException unreadable) {
                ids.add(null);
            }
        }
        return ids;
    }

    private static Integer taskNumber(String cell) {
        try {
            return cell == null ? null : Integer.valueOf(cell);
        } catch (NumberFormatException notAnArray) {
            return null; // N/A, or a pending range such as 3-5%2 when not expanded
        }
    }

    /** scontrol's key=value fields; values run to the next space (Command= and WorkDir= may not, but are not read). */
    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.strip().split(" +")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private record Result(int code, String out, String err) {
        String firstErrorLine() {
            return (err + out).lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + code).strip();
        }
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
            // both streams read on their own threads: a full pipe would block the command
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new UncheckedIOException(new IOException(command.get(0) + " did not answer within "
                        + TIMEOUT_SECONDS + " s: is slurmctld reachable?"));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new InvalidInputException("--launcher slurm: cannot run " + command.get(0) + " (" + e.getMessage()
                    + "); on a cluster, load Slurm's module or log in to a node that submits jobs; to try it here:"
                    + " eval \"$(scripts/slurm-local.sh start)\"");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(command.get(0) + " interrupted"));
        }
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
