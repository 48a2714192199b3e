package dlx.sweep;

/**
 * Where a sweep's tasks run: child processes of this machine ({@link LocalLauncher}) or Slurm job arrays
 * ({@link SlurmLauncher}). A task is {@code dlx trial SWEEP_DIR --rung R (--trial N | --rank N)}: it finds its
 * trial in the sweep folder and trains it, so a launcher only decides where and when tasks run.
 */
public interface TrialLauncher {
    /** A rung's tasks once started, for the next rung to start after. */
    interface Started {
    }

    /**
     * Starts a rung's tasks, to run after {@code after} (the previous rung's tasks, or null) have all ended. The
     * local launcher runs them and returns when they have ended; Slurm returns once they are queued.
     */
    Started start(Sweep.Rung rung, Started after);

    /** Returns once every task started has ended (at once when detached: the tasks go on without this process). */
    void await();

    /** Whether {@link #await} waits for the tasks, so that the sweep can sum them up. */
    boolean waits();

    /** Ctrl-C: running tasks save their checkpoints and stop; queued ones are dropped; no new rung starts. */
    void stop();

    boolean stopping();

    /** How trials run, for the console: "2 at a time". */
    String describe();
}
