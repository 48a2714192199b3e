package dlx.cli;

import dlx.sweep.Sweep;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * One task of a sweep, as a launcher runs it (a child process, or a task of a Slurm job array): finds the trial in
 * the sweep folder and trains it with {@code dlx train}, appending its console to logs/trial-NNN.txt. A task run
 * again (a requeued job, {@code --resume}) goes on from the trial's last.zip, or does nothing if it is done.
 */
@Command(name = "trial", hidden = true, mixinStandardHelpOptions = true,
        description = "Run one task of a sweep (what `dlx sweep` launches; not for direct use).")
public final class TrialCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP_DIR")
    Path dir;

    @Option(names = "--rung", defaultValue = "0", paramLabel = "R", description = "The rung (halving); 0 otherwise.")
    int rung;

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--update-board", description = "Rewrite leaderboard.csv and the plots when the trial ends (when no"
            + " sweep process watches the trials, as on Slurm).")
    boolean updateBoard;

    static final class Which {
        @Option(names = "--trial", paramLabel = "N", description = "The trial's index.")
        Integer trial;

        @Option(names = "--rank", paramLabel = "N", description = "The rung's N-th best survivor, from 0.")
        Integer rank;
    }

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        Sweep sweep = SweepCommand.open(dir, command.commandLine().getErr());
        boolean ranked = which.rank != null;
        Optional<Sweep.TrialTask> found = sweep.task(rung, ranked ? which.rank : which.trial, ranked);
        if (found.isEmpty()) {
            out.println("rung " + rung + (ranked ? ", rank " + which.rank : ", trial " + which.trial)
                    + ": nothing to train (done, fewer survivors, or the rung before did not end)");
            return ExitCodes.DONE;
        }
        Sweep.TrialTask task = found.get();
        task.clearLeftover();
        Path log = sweep.logOf(task.index());
        int code;
        // the trial's console is its log, as with a local sweep: the in-process `dlx train` writes both streams there
        try (PrintWriter console = new PrintWriter(new OutputStreamWriter(new FileOutputStream(log.toFile(), true),
                StandardCharsets.UTF_8), true)) {
            console.printf("== %s%s, %s%s%n", task.name(), task.epochs() == null ? "" : " (" + task.epochs() + " epochs)",
                    Sweep.describe(task.parameters()), slurmJob());
            code = Main.execute(console, console, task.args().toArray(String[]::new));
        }
        if (code != ExitCodes.DONE && code != ExitCodes.INTERRUPTED) {
            sweep.recordFailure(task.index(), lastError(log).orElse("exit " + code + "; see " + log));
        }
        if (updateBoard) {
            sweep.refreshBoard();
        }
        Sweep.Trial trial = sweep.trial(task.index());
        out.println(task.name() + ": " + trial.status() + (trial.reason() == null ? "" : ": " + trial.reason()));
        return code;
    }

    /** The Slurm job, as squeue and scancel name it: 123_4 for task 4 of array job 123. */
    private static String slurmJob() {
        String array = System.getenv("SLURM_ARRAY_JOB_ID");
        String job = array != null ? array + "_" + System.getenv("SLURM_ARRAY_TASK_ID") : System.getenv("SLURM_JOB_ID");
        return job == null ? "" : ", Slurm job " + job;
    }

    /** dlx's one-line message of why the task failed: the log's last line that starts with "dlx: ". */
    private static Optional<String> lastError(Path log) throws IOException {
        List<String> lines;
        try (var channel = Files.newByteChannel(log)) {
            long size = channel.size();
            channel.position(Math.max(0, size - 65536)); // the tail is enough, however long the log
            var buffer = java.nio.ByteBuffer.allocate((int) Math.min(size, 65536));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read to the end
            }
            lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines().toList();
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("dlx: ")) {
                return Optional.of(lines.get(i).substring(5).replaceFirst(" \\(run with --verbose.*\\)$", ""));
            }
        }
        return Optional.empty();
    }
}
