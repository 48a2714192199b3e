package dlx.sweep;

import dlx.config.Mode;
import dlx.report.LineChart;
import dlx.report.ScatterChart;
import dlx.report.Series;
import dlx.run.Csv;
import dlx.run.RunFolder;
import dlx.run.StoredRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One sweep in its folder: sweep.yaml, trials/ (each trial a run folder), logs/ (each trial's
 * console) and leaderboard.csv, rewritten as trials finish. What a trial has done is read from its
 * run folder, so a sweep resumed after a crash or Ctrl-C skips finished trials and resumes the others.
 */
public final class Sweep {
    /** A child's exit code when Ctrl-C stopped it (it saved its checkpoint). */
    private static final int INTERRUPTED = 130;
    private final Path dir;
    private final SweepSpec spec;
    private final List<Map<String, String>> trials;
    private final PrintStream console;
    private final TrialRunner runner;
    private final int baseEpochs;
    /** Trial runs started by this process, for the trials-per-hour line (a skipped, finished trial is not one). */
    private final AtomicInteger started = new AtomicInteger();

    /** @param baseEpochs the base config's training.epochs: the last rung of halving trains this long */
    public Sweep(Path dir, SweepSpec spec, int baseEpochs, PrintStream console) {
        this.dir = dir;
        this.baseEpochs = baseEpochs;
        this.spec = spec;
        this.console = console;
        List<Domain> domains = spec.params().stream().map(Domain::parse).toList();
        this.trials = spec.strategy().equals("grid") ? Trials.grid(domains)
                : Trials.random(domains, spec.trials(), spec.seed());
        this.runner = new TrialRunner(spec.parallel());
    }

    /** Trials at once when the user does not say: one per core, each with one thread, memory permitting. */
    public static int defaultParallel() {
        return TrialRunner.defaultParallel();
    }

    public Path dir() {
        return dir;
    }

    /** Ctrl-C: stop the children cleanly; they save checkpoints the sweep's --resume goes on from. */
    public void stop() {
        runner.stop();
    }

    /** Runs the trials not yet finished; returns the ranked trials (best first). */
    public List<Trial> run() {
        try {
            Files.createDirectories(dir.resolve("trials"));
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        console.printf("sweep %s: %d trials, %s, %d at a time%n", dir, trials.size(), spec.strategy(), spec.parallel());
        long start = System.nanoTime();
        List<Integer> alive = new ArrayList<>(java.util.stream.IntStream.range(0, trials.size()).boxed().toList());
        if (spec.strategy().equals("halving")) {
            // successive halving: every trial gets a few epochs, the best 1/eta go on with eta times more
            int finalEpochs = baseEpochs;
            for (int epochs = Math.min(spec.minEpochs(), finalEpochs); ; epochs = Math.min(finalEpochs, epochs * spec.eta())) {
                runAll(alive, epochs);
                if (epochs >= finalEpochs || runner.stopping()) {
                    break;
                }
                int keep = Math.max(1, (int) Math.ceil(alive.size() / (double) spec.eta()));
                List<Integer> survivors = ranked().stream().filter(t -> alive.contains(t.index()) && t.value() != null)
                        .limit(keep).map(Trial::index).toList();
                console.printf("rung of %d epochs done: %d of %d trials go on%n", epochs, survivors.size(), alive.size());
                alive.retainAll(survivors);
            }
        } else {
            runAll(alive, null);
        }
        printRate(System.nanoTime() - start);
        List<Trial> ranked = ranked();
        writeLeaderboard(ranked);
        drawTop(ranked);
        drawScatter(ranked);
        return ranked;
    }

    private void runAll(List<Integer> indices, Integer epochs) {
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallel());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int index : indices) {
                running.add(pool.submit(() -> {
                    runTrial(index, epochs);
                    synchronized (this) {
                        writeLeaderboard(ranked());
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Starts, resumes or skips one trial, so that it ends with {@code epochs} epochs (null: the config's). */
    private void runTrial(int index, Integer epochs) {
        String name = trialName(index);
        Optional<Path> folder = folderOf(index);
        StoredRun stored = folder.map(StoredRun::read).orElse(null);
        if (stored == null && Files.exists(failureOf(index))) {
            return; // refused before it had a run folder: the same config would be refused again
        }
        boolean reached = stored != null && (epochs == null || stored.epochs() >= epochs);
        // a finished trial is done, unless it ended well short of the epochs this rung asks for;
        // anything else (interrupted, crashed, running) is resumed
        if (stored != null && stored.status().finished() && (reached || !stored.status().endedWell())) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("train"));
        if (stored != null && stored.experiment() != null) {
            // from its last.zip, or from the beginning in its folder when it died before its first checkpoint
            args.addAll(List.of("--resume", stored.dir().toString()));
        } else {
            if (stored != null) {
                deleteQuietly(stored.dir()); // killed as it claimed the folder, before its config was written
            }
            args.addAll(List.of("--config", spec.config(), "--name", name, "--runs-dir", dir.resolve("trials").toString()));
            spec.sets().forEach(s -> args.addAll(List.of("--set", s)));
            trials.get(index).forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        }
        if (epochs != null) {
            args.addAll(List.of("--set", "training.epochs=" + epochs));
        }
        console.printf("%s: %s%n", name, describe(trials.get(index)));
        started.incrementAndGet();
        Path log = dir.resolve("logs").resolve(name + ".txt");
        int code = runner.run(args, log);
        if (code != 0 && code != INTERRUPTED && folderOf(index).isEmpty()) {
            // refused before it had a run folder (its config, its data): the reason is the child's one line
            RunFolder.writeAtomically(failureOf(index), out -> out.write(lastError(log).getBytes(StandardCharsets.UTF_8)));
        }
        Trial result = trial(index);
        console.printf("%s: %s%s%s%n", name, code == 0 ? result.status() : result.status() + " (exit " + code + ")",
                result.value() == null ? "" : String.format(Locale.ROOT, ", %s %.4f", spec.metric(), result.value()),
                code != 0 && result.reason() != null ? ": " + result.reason() : "");
    }

    /** Whether Ctrl-C stopped the sweep: its trials then wait for --resume. */
    public boolean stopped() {
        return runner.stopping();
    }

    /** logs/trial-NNN.failed: why a trial that never got a run folder failed. */
    private Path failureOf(int index) {
        return dir.resolve("logs").resolve(trialName(index) + ".failed");
    }

    /** The child's last "dlx: ..." line: its one-line error. */
    private static String lastError(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("dlx: ")).reduce((a, b) -> b).map(l -> l.substring(5))
                    .map(l -> l.length() > 500 ? l.substring(0, 500) + "…" : l).orElse("exited without a run folder");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "exited without a run folder";
        }
    }

    /** What --parallel buys: trial runs per hour of this invocation (halving counts each rung's runs). */
    private void printRate(long nanos) {
        int runs = started.get();
        if (runs == 0) {
            return;
        }
        long seconds = Math.max(1, nanos / 1_000_000_000L);
        console.printf(Locale.ROOT, "%d trial runs in %dm%02ds, %d at a time: %.0f trials/hour%n", runs, seconds / 60,
                seconds % 60, spec.parallel(), runs * 3600.0 / seconds);
    }

    /** The trials as their run folders tell, best first; trials without a value last. */
    public List<Trial> ranked() {
        Comparator<Double> order = mode() == Mode.MAX ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return java.util.stream.IntStream.range(0, trials.size()).mapToObj(this::trial)
                .sorted(Comparator.comparing(Trial::value, Comparator.nullsLast(order))).toList();
    }

    /** min or max, checked when the sweep began. */
    private Mode mode() {
        return Mode.named(spec.mode()).orElseThrow();
    }

    private Trial trial(int index) {
        StoredRun run = folderOf(index).map(StoredRun::read).orElse(null);
        if (run == null) {
            String failure = readFailure(index);
            return new Trial(index, trialName(index), trials.get(index), failure == null ? "pending" : "failed", null, 0,
                    null, failure);
        }
        String status = run.status().toString();
        return new Trial(index, trialName(index), trials.get(index), status, run.value(spec.metric(), mode()), run.epochs(),
                run.dir(), List.of("failed", "diverged", "crashed").contains(status) && run.info() != null
                ? run.info().message() : null);
    }

    private String readFailure(int index) {
        Path failure = failureOf(index);
        return Files.exists(failure) ? RunFolder.readText(failure, 4096).strip() : null;
    }

    private void writeLeaderboard(List<Trial> ranked) {
        List<String> keys = spec.params().stream().map(p -> Domain.parse(p).key()).toList();
        List<String> header = new ArrayList<>(List.of("rank", "trial", "status", spec.metric(), "epochs", "run"));
        header.addAll(keys);
        header.add("reason");
        List<List<Object>> rows = new ArrayList<>();
        int rank = 1;
        for (Trial t : ranked) {
            List<Object> row = new ArrayList<>(List.of(t.value() == null ? "" : String.valueOf(rank++), t.name(),
                    t.status(), t.value() == null ? "" : t.value(), t.epochs(), t.run() == null ? "" : dir.relativize(t.run())));
            keys.forEach(k -> row.add(t.parameters().get(k)));
            row.add(t.reason() == null ? "" : t.reason().replace("\n", " "));
            rows.add(row);
        }
        Csv.write(dir.resolve("leaderboard.csv"), header, rows);
    }

    /** top.png: the metric per epoch of the best trials, over each other. */
    private void drawTop(List<Trial> ranked) {
        List<Series> series = new ArrayList<>();
        for (Trial t : ranked.stream().filter(t -> t.run() != null && t.value() != null).limit(5).toList()) {
            List<Map<String, Double>> rows = StoredRun.read(t.run()).rows().stream()
                    .filter(r -> r.get(spec.metric()) != null).toList();
            series.add(new Series(legendLabel(t),
                    rows.stream().mapToDouble(r -> r.get("epoch")).toArray(),
                    rows.stream().mapToDouble(r -> r.get(spec.metric())).toArray()));
        }
        if (!series.isEmpty()) {
            LineChart.write(dir.resolve("top.png"), "best trials: " + spec.metric(), "epoch", spec.metric(), series);
        }
    }

    /**
     * scatter.png: each trial's metric over the first two swept keys, when both are numbers; an axis is
     * logarithmic for a loguniform domain. Trials that never started are left out.
     */
    private void drawScatter(List<Trial> ranked) {
        List<Domain> domains = spec.params().stream().map(Domain::parse).toList();
        if (domains.size() < 2) {
            return;
        }
        Domain x = domains.get(0);
        Domain y = domains.get(1);
        List<ScatterChart.Point> points = new ArrayList<>();
        for (Trial t : ranked.stream().filter(t -> t.run() != null).toList()) {
            Double px = number(t.parameters().get(x.key()));
            Double py = number(t.parameters().get(y.key()));
            if (px == null || py == null) {
                return; // a key that takes words, such as optimizer.type, has no axis
            }
            points.add(new ScatterChart.Point(px, py, t.value()));
        }
        if (!points.isEmpty()) {
            ScatterChart.write(dir.resolve("scatter.png"), spec.metric() + " of each trial",
                    new ScatterChart.Axis(x.key(), x.kind().equals("loguniform")),
                    new ScatterChart.Axis(y.key(), y.kind().equals("loguniform")), points);
        }
    }

    private static Double number(String value) {
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Optional<Path> folderOf(int index) {
        Path trialsDir = dir.resolve("trials");
        if (!Files.isDirectory(trialsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> folders = Files.list(trialsDir)) {
            return folders.filter(f -> f.getFileName().toString().endsWith("-" + trialName(index))).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String trialName(int index) {
        return String.format("trial-%03d", index);
    }

    /** The trial and its values under the last part of each key (optimizer.lr: lr): XChart cuts long labels short. */
    static String legendLabel(Trial trial) {
        return trial.name() + " " + String.join(" ", trial.parameters().entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + e.getValue()).toList());
    }

    static String describe(Map<String, String> parameters) {
        return String.join(" ", parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover folder only costs space; the trial starts in a new one
        }
    }

    /**
     * One trial as its run folder tells.
     *
     * @param reason why it failed or diverged, in one line; null otherwise
     */
    public record Trial(int index, String name, Map<String, String> parameters, String status, Double value,
                        int epochs, Path run, String reason) {
    }
}
