package dlx.sweep;

import dlx.device.Backend;
import dlx.device.BackendChoice;
import dlx.launch.DlxCommand;
import dlx.model.kernel.Kernels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs each task as a child process of its own: a trial that crashes or runs out of memory cannot take the
 * sweep with it. Each child gets one OpenMP thread and a share of the machine's memory (heap and ND4J's off-heap
 * arrays) so that {@code parallel} children fit together.
 */
public final class LocalLauncher implements TrialLauncher {
    /** The part of physical memory that all children together may use; the rest is for the system. */
    private static final double MEMORY_SHARE = 0.7;
    private static final Started DONE = new Started() {
    };
    private final Path sweepDir;
    private final int parallel;
    private final List<String> jvm;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public LocalLauncher(Path sweepDir, int parallel) {
        this.sweepDir = sweepDir;
        this.parallel = parallel;
        long perChild = (long) (physicalMemory() * MEMORY_SHARE / parallel);
        List<String> options = new ArrayList<>(List.of("-Xmx" + mb(perChild / 3),
                "-Dorg.bytedeco.javacpp.maxbytes=" + mb(perChild * 2 / 3),
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + mb(perChild), "-Dorg.bytedeco.javacpp.logger=slf4j"));
        // The launcher's class archive (AppCDS) starts every trial faster too; it fits the same class path.
        // Its collector and young generation keep each trial's resident memory as low as a lone run's.
        options.addAll(DlxCommand.inheritedOptions(false));
        this.jvm = DlxCommand.java(options);
    }

    /**
     * Trials at once when the user does not say: the cores divided by the threads each trial gets (one unless
     * OMP_NUM_THREADS says otherwise), and no more than can have 2 GB each of the memory share. On 2 cores two
     * 1-thread trials side by side finish more trials per hour than one trial with either thread count
     * (BENCHMARKS.md, "Sweeps"). On the CUDA build, one at a time.
     */
    public static int defaultParallel() {
        if (Backend.ofThisBuild() == Backend.CUDA) {
            return 1; // the trials would share one GPU's memory; several at once are not measured yet
        }
        int threads = threadsPerTrial();
        int byCores = Runtime.getRuntime().availableProcessors() / threads;
        int byMemory = (int) (physicalMemory() * MEMORY_SHARE / (2L << 30));
        return Math.max(1, Math.min(byCores, byMemory));
    }

    private static int threadsPerTrial() {
        try {
            return Math.max(1, Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS", "1").trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public Started start(Sweep.Rung rung, Started after) {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int task : rung.tasks()) {
                tasks.add(pool.submit(() -> run(List.of("trial", sweepDir.toString(), "--rung",
                        String.valueOf(rung.index()), rung.ranked() ? "--rank" : "--trial", String.valueOf(task)))));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        return DONE;
    }

    /**
     * Runs {@code dlx ARGS…} to its end and returns its exit code. The task writes its trial's console to the
     * trial's log itself; what the JVM says before that (it could not start) reaches this process's stderr.
     */
    private int run(List<String> args) {
        if (stopping) {
            return 130;
        }
        List<String> command = new ArrayList<>(jvm);
        command.addAll(args);
        // the task's last line ("trial-003: completed") repeats what the sweep prints as the trial ends
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        // trials side by side each keep to one core, dlx's kernels included (a constant: no DL4J class loads here)
        builder.environment().putIfAbsent(Kernels.THREADS_ENV, "1");
        // a trial runs from this build's class path, so on the sweep's backend: say so rather than let it be auto
        builder.environment().put(BackendChoice.ENV, Backend.ofThisBuild().id());
        try {
            Process process = builder.start();
            running.add(process);
            try {
                return process.waitFor();
            } finally {
                running.remove(process);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not start a trial: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    @Override
    public void await() {
        // start() already waited
    }

    @Override
    public boolean waits() {
        return true;
    }

    /** Ctrl-C: each child gets SIGTERM, saves its checkpoint and exits; no new trial starts. */
    @Override
    public void stop() {
        stopping = true;
        running.forEach(Process::destroy);
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    @Override
    public String describe() {
        return parallel + " at a time";
    }

    private static long physicalMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getTotalMemorySize();
        }
        return 8L << 30;
    }

    private static String mb(long bytes) {
        return Math.max(256, bytes >> 20) + "m";
    }
}
