package dlx.sweep;

import dlx.InvalidInputException;
import dlx.config.Mode;
import dlx.report.LineChart;
import dlx.report.ScatterChart;
import dlx.report.Series;
import dlx.run.Csv;
import dlx.run.RunFolder;
import dlx.run.RunStatus;
import dlx.run.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One sweep in its folder: sweep.yaml, trials/ (each trial a run folder), logs/ (each trial's console) and
 * leaderboard.csv, top.png and scatter.png, brought up to date as trials finish. What a trial has done is read
 * from its run folder, so a sweep resumed after a crash, Ctrl-C or scancel skips finished trials and resumes the
 * others, and a task that runs twice (a requeued Slurm job) goes on instead of starting over.
 *
 * <p>The trials run as tasks of rungs: one rung for grid and random search; for successive halving, rung 0 trains
 * every trial a few epochs and each later rung the best of the one before, longer. A task of rung 0 is a trial
 * by its index; a task of a later rung is a rank ("the 2nd best survivor"), so that every rung can be queued at
 * once, each after the one before, and each task finds its trial when it starts ({@link #task}).
 */
public final class Sweep {
    /** Statuses that end a trial's run, for good or until it is resumed. */
    private static final List<String> ENDED = List.of("completed", "stopped-early", "diverged", "failed",
            "interrupted", "crashed");
    static final String LEADERBOARD = "leaderboard.csv";
    private final Path dir;
    private final SweepSpec spec;
    private final List<Map<String, String>> trials;
    private final PrintWriter console;
    private final int baseEpochs;
    /** What the console was last told of each trial: its status and epochs. */
    private final Map<Integer, String> seen = new HashMap<>();
    private final List<Integer> announcedRungs = new ArrayList<>();
    /** Trial runs started while this process watched, for the trials-per-hour line. */
    private int started;

    /** @param baseEpochs the base config's training.epochs: the last rung of halving trains this long */
    public Sweep(Path dir, SweepSpec spec, int baseEpochs, PrintWriter console) {
        this.dir = dir;
        this.baseEpochs = baseEpochs;
        this.spec = spec;
        this.console = console;
        List<Domain> domains = spec.params().stream().map(Domain::parse).toList();
        this.trials = spec.strategy().equals("grid") ? Trials.grid(domains)
                : Trials.random(domains, spec.trials(), spec.seed());
    }

    public Path dir() {
        return dir;
    }

    public SweepSpec spec() {
        return spec;
    }

    public int size() {
        return trials.size();
    }

    /**
     * Runs the trials not yet finished through the launcher, printing each trial as it starts and ends; returns
     * the ranked trials (best first). With a launcher that only submits (Slurm, detached), returns once queued.
     */
    public List<Trial> run(TrialLauncher launcher) {
        try {
            Files.createDirectories(dir.resolve("trials"));
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        console.printf("sweep %s: %d trials, %s, %s%n", dir, trials.size(), spec.strategy(), launcher.describe());
        IntStream.range(0, trials.size()).forEach(i -> seen.put(i, stateOf(trial(i))));
        long start = System.nanoTime();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sweep-watcher");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        try {
            TrialLauncher.Started previous = null;
            for (Rung planned : rungs()) {
                Rung rung = settled(planned);
                if (rung.tasks().isEmpty() || launcher.stopping()) {
                    continue;
                }
                previous = launcher.start(rung, previous);
                watch();
            }
            launcher.await();
        } finally {
            watcher.shutdownNow();
            try {
                watcher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watch();
        if (launcher.waits()) {
            printRate(System.nanoTime() - start, launcher);
        }
        refreshBoard();
        return ranked();
    }

    /** The rungs to run: every trial not yet done in rung 0; in each later rung (halving), its survivors by rank. */
    List<Rung> rungs() {
        List<Integer> epochs = rungEpochs();
        List<Rung> rungs = new ArrayList<>();
        int count = trials.size();
        for (int r = 0; r < epochs.size(); r++) {
            if (r == 0) {
                int rung = 0;
                rungs.add(new Rung(0, epochs.get(0), IntStream.range(0, trials.size())
                        .filter(i -> task(rung, i, false).isPresent()).boxed().toList(), false));
            } else {
                count = Math.max(1, (int) Math.ceil(count / (double) spec.eta()));
                rungs.add(new Rung(r, epochs.get(r), IntStream.range(0, count).boxed().toList(), true));
            }
        }
        return rungs;
    }

    /** A rung of ranks whose trials are known already (the rung before has ended), as those trials still to train. */
    private Rung settled(Rung rung) {
        if (!rung.ranked() || !ended(rung.index() - 1)) {
            return rung;
        }
        List<Integer> survivors = survivors(rung.index());
        return new Rung(rung.index(), rung.epochs(), rung.tasks().stream().filter(t -> t < survivors.size())
                .map(survivors::get).filter(i -> task(rung.index(), i, false).isPresent()).toList(), false);
    }

    /** Epochs of each rung: one rung of the config's epochs, or halving's growing rungs up to them. */
    private List<Integer> rungEpochs() {
        if (!spec.strategy().equals("halving")) {
            return java.util.Collections.singletonList(null);
        }
        List<Integer> epochs = new ArrayList<>();
        for (int e = Math.min(spec.minEpochs(), baseEpochs); ; e = Math.min(baseEpochs, e * spec.eta())) {
            epochs.add(e);
            if (e >= baseEpochs) {
                return epochs;
            }
        }
    }

    /**
     * The trials that train in a rung, best first: all of them in rung 0; in rung r, the best 1/eta of rung r-1's
     * trials, ranked by their value within rung r-1's epochs (so the ranking does not change as survivors train on).
     */
    List<Integer> survivors(int rung) {
        List<Integer> members = IntStream.range(0, trials.size()).boxed().toList();
        List<Integer> epochs = rungEpochs();
        int count = trials.size();
        for (int r = 1; r <= rung && r < epochs.size(); r++) {
            count = Math.max(1, (int) Math.ceil(count / (double) spec.eta()));
            int within = epochs.get(r - 1);
            Map<Integer, Double> values = new HashMap<>();
            for (int index : members) {
                folderOf(index).map(StoredRun::read).map(run -> valueWithin(run, within))
                        .ifPresent(value -> values.put(index, value));
            }
            members = members.stream().filter(values::containsKey)
                    .sorted(Comparator.comparing(values::get, order())).limit(count).toList();
        }
        return members;
    }

    /** Whether every trial of a rung has done its part: finished, or trained the rung's epochs and stopped. */
    private boolean ended(int rung) {
        Integer epochs = rungEpochs().get(rung);
        return (rung == 0 || ended(rung - 1)) && survivors(rung).stream().allMatch(i -> done(i, epochs));
    }

    /**
     * What a task of a rung does: the arguments of the {@code dlx train} that starts, resumes or restarts its trial
     * so that it ends with the rung's epochs. Empty when there is nothing to do: the trial is done (as when a
     * requeued job starts again after its trial finished), a rank beyond the survivors, or a rank of a rung whose
     * rung before did not end (scancel of its job alone lets Slurm start this one).
     *
     * @param id     a trial's index, or with {@code ranked} a rank among the rung's survivors
     */
    public Optional<TrialTask> task(int rung, int id, boolean ranked) {
        List<Integer> epochsOfRungs = rungEpochs();
        if (rung < 0 || rung >= epochsOfRungs.size()) {
            throw new InvalidInputException(dir + ": the sweep has no rung " + rung);
        }
        int index = id;
        if (ranked) {
            List<Integer> survivors = survivors(rung);
            // a rung whose trials were cancelled rather than finished picks no survivors: --resume goes on
            if (id < 0 || id >= survivors.size() || !ended(rung - 1)) {
                return Optional.empty();
            }
            index = survivors.get(id);
        } else if (id < 0 || id >= trials.size()) {
            throw new InvalidInputException(dir + ": the sweep has no trial " + id + " (0 to " + (trials.size() - 1) + ")");
        }
        Integer epochs = epochsOfRungs.get(rung);
        if (done(index, epochs)) {
            return Optional.empty();
        }
        String name = trialName(index);
        List<String> args = new ArrayList<>(List.of("train"));
        Optional<Path> folder = folderOf(index);
        Path leftover = null;
        if (folder.isPresent() && Files.exists(folder.get().resolve(RunFolder.CONFIG))) {
            // from its last.zip, or from the start in the same folder when it never saved one
            args.addAll(List.of("--resume", folder.get().toString()));
        } else {
            leftover = folder.orElse(null); // died before writing its config: it starts again in a new folder
            args.addAll(List.of("--config", spec.config(), "--name", name, "--runs-dir", dir.resolve("trials").toString()));
            spec.sets().forEach(s -> args.addAll(List.of("--set", s)));
            trials.get(index).forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        }
        if (epochs != null) {
            args.addAll(List.of("--set", "training.epochs=" + epochs));
        }
        return Optional.of(new TrialTask(index, name, trials.get(index), epochs, args, leftover));
    }

    /** Whether a trial has nothing left to do for a rung of {@code epochs} (null: the config's). */
    private boolean done(int index, Integer epochs) {
        StoredRun stored = folderOf(index).map(StoredRun::read).orElse(null);
        if (stored == null) {
            return Files.exists(failureOf(index)); // refused before it had a run folder: it would be refused again
        }
        if (epochs != null && stored.epochs() >= epochs) {
            return true; // past this rung, even if a later rung's run of it was interrupted
        }
        // a finished trial is done, unless it ended well short of the epochs this rung asks for;
        // anything else (interrupted, crashed, running) is resumed
        return stored.info() != null && stored.status().finished() && (epochs == null || !stored.status().endedWell());
    }

    /**
     * A trial whose task ended in error before it had a run (an invalid trial config, data missing on the node):
     * logs/trial-NNN.failed holds the reason, so the leaderboard shows it failed and --resume does not run it again.
     */
    public void recordFailure(int index, String reason) {
        StoredRun stored = folderOf(index).map(StoredRun::read).orElse(null);
        if (stored != null && stored.info() != null) {
            return; // the run recorded its own end, or crashed (which --resume retries)
        }
        folderOf(index).ifPresent(Sweep::deleteQuietly);
        String line = reason.replace('\r', ' ').replace('\n', ' ');
        RunFolder.writeAtomically(failureOf(index), out -> out.write(
                (line.length() > 500 ? line.substring(0, 500) + "…" : line).getBytes(StandardCharsets.UTF_8)));
    }

    /** logs/trial-NNN.failed: why a trial that never got a run folder failed. */
    private Path failureOf(int index) {
        return dir.resolve("logs").resolve(trialName(index) + ".failed");
    }

    /** The trials as their run folders tell, best first; trials without a value last. */
    public List<Trial> ranked() {
        return IntStream.range(0, trials.size()).mapToObj(this::trial)
                .sorted(Comparator.comparing(Trial::value, Comparator.nullsLast(order()))).toList();
    }

    private Comparator<Double> order() {
        return mode() == Mode.MAX ? Comparator.reverseOrder() : Comparator.naturalOrder();
    }

    /** min or max, checked when the sweep began. */
    private Mode mode() {
        return Mode.named(spec.mode()).orElseThrow();
    }

    public Trial trial(int index) {
        StoredRun run = folderOf(index).map(StoredRun::read).orElse(null);
        if (run == null || run.info() == null) {
            // no run yet (or one just claiming its folder), unless it was refused before it had one
            String failure = Files.exists(failureOf(index)) ? RunFolder.readText(failureOf(index), 4096).strip() : null;
            return new Trial(index, trialName(index), trials.get(index), failure == null ? "pending" : "failed", null, 0,
                    null, failure);
        }
        RunStatus status = run.status();
        String reason = status == RunStatus.FAILED || status == RunStatus.DIVERGED ? run.info().message()
                : status == RunStatus.CRASHED ? "its process ended without a word (killed?)" : null;
        return new Trial(index, trialName(index), trials.get(index), status.toString(), run.value(spec.metric(), mode()),
                run.epochs(), run.dir(), reason);
    }

    /** The trial's best value of the metric within its first {@code epochs} epochs (a test score: the last one). */
    private Double valueWithin(StoredRun run, int epochs) {
        if (spec.metric().startsWith("test_")) {
            return run.value(spec.metric(), mode());
        }
        return run.rows().stream().limit(epochs).map(r -> r.get(spec.metric())).filter(v -> v != null && !v.isNaN())
                .min(order()).orElse(null);
    }

    /** Prints what changed since the last look: trials that started or ended, rungs that ended; rewrites the board. */
    private synchronized void watch() {
        boolean ended = false;
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trial(i);
            String state = stateOf(t);
            String before = seen.put(i, state);
            if (state.equals(before)) {
                continue;
            }
            boolean running = t.status().equals("running");
            if (running || ENDED.contains(t.status()) && !before.equals("running")) {
                started++;
                console.printf("%s: %s%s%n", t.name(), describe(t.parameters()), t.epochs() > 0 && running
                        ? " (from epoch " + t.epochs() + ")" : "");
            }
            if (ENDED.contains(t.status())) {
                ended = true;
                console.printf("%s: %s%s%s%n", t.name(), t.status(), t.value() == null ? ""
                        : String.format(Locale.ROOT, ", %s %.4f", spec.metric(), t.value()),
                        t.reason() == null ? "" : ": " + t.reason());
            }
        }
        List<Integer> epochs = rungEpochs();
        for (int r = 0; r + 1 < epochs.size(); r++) {
            if (!announcedRungs.contains(r) && ended(r)) {
                announcedRungs.add(r);
                console.printf("rung of %d epochs done: %d of %d trials go on%n", epochs.get(r), survivors(r + 1).size(),
                        survivors(r).size());
            }
        }
        if (ended) {
            refreshBoard();
        }
    }

    /** What the console tells of a trial: a running one once, an ended one with its epochs (halving resumes it). */
    private static String stateOf(Trial t) {
        return t.status().equals("running") ? "running" : t.status() + "@" + t.epochs();
    }

    /** What the launcher buys: trial runs per hour of this invocation (halving counts each rung's runs). */
    private void printRate(long nanos, TrialLauncher launcher) {
        if (started == 0) {
            return;
        }
        long seconds = Math.max(1, nanos / 1_000_000_000L);
        console.printf(Locale.ROOT, "%d trial runs in %dm%02ds, %s: %.0f trials/hour%n", started, seconds / 60,
                seconds % 60, launcher.describe(), started * 3600.0 / seconds);
    }

    /**
     * Rewrites leaderboard.csv, top.png and scatter.png from the trial folders. Tasks of a sweep on a cluster do it
     * as each trial ends, so a lock keeps two writers from mixing their files.
     */
    public void refreshBoard() {
        try (FileChannel channel = FileChannel.open(dir.resolve(".leaderboard.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            List<Trial> ranked = ranked();
            writeLeaderboard(ranked);
            drawTop(ranked);
            drawScatter(ranked);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot update the leaderboard (" + e.getMessage() + ")", e);
        }
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
            row.add(t.reason() == null ? "" : t.reason().replace("\r", " ").replace("\n", " "));
            rows.add(row);
        }
        Csv.write(dir.resolve(LEADERBOARD), header, rows);
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
     * logarithmic for a loguniform domain. Trials that never started are left out. A sweep that narrows an earlier
     * one ({@code --narrow}) draws that one's trials too, as diamonds, and its own range as a dashed box.
     */
    private void drawScatter(List<Trial> ranked) {
        List<Domain> domains = spec.params().stream().map(Domain::parse).toList();
        if (domains.size() < 2) {
            return;
        }
        Domain x = domains.get(0);
        Domain y = domains.get(1);
        List<ScatterChart.Point> points = points(ranked, x.key(), y.key());
        if (points == null || points.isEmpty()) {
            return; // a key that takes words, such as optimizer.type, has no axis
        }
        List<ScatterChart.Point> earlier = earlierStage().map(e -> points(e, x.key(), y.key())).orElse(null);
        boolean bounded = !x.kind().equals("list") && !y.kind().equals("list");
        ScatterChart.Box box = earlier == null || !bounded ? null : new ScatterChart.Box(
                Double.parseDouble(x.values().get(0)), Double.parseDouble(x.values().get(1)),
                Double.parseDouble(y.values().get(0)), Double.parseDouble(y.values().get(1)));
        ScatterChart.write(dir.resolve("scatter.png"), spec.metric() + " of each trial"
                        + (earlier == null ? "" : " (diamonds: the stage before, narrowed to the box)"),
                new ScatterChart.Axis(x.key(), x.kind().equals("loguniform")),
                new ScatterChart.Axis(y.key(), y.kind().equals("loguniform")), points,
                earlier == null ? List.of() : earlier, box);
    }

    /** Trials that started, at their values of two keys; null when a value is no number. */
    private static List<ScatterChart.Point> points(List<Trial> trials, String x, String y) {
        List<ScatterChart.Point> points = new ArrayList<>();
        for (Trial t : trials.stream().filter(t -> t.run() != null).toList()) {
            Double px = number(t.parameters().get(x));
            Double py = number(t.parameters().get(y));
            if (px == null || py == null) {
                return null;
            }
            points.add(new ScatterChart.Point(px, py, t.value()));
        }
        return points;
    }

    /** The trials of the sweep this one narrows, when its folder is still there. */
    private Optional<List<Trial>> earlierStage() {
        if (spec.narrows() == null) {
            return Optional.empty();
        }
        Path earlier = Path.of(spec.narrows());
        if (!Files.isRegularFile(earlier.resolve(SweepSpec.FILE))) {
            return Optional.empty(); // moved or deleted: this stage's picture alone
        }
        try {
            // ranking reads the trials' folders only: the base config's epochs (halving's rungs) play no part
            return Optional.of(new Sweep(earlier, SweepSpec.read(earlier.resolve(SweepSpec.FILE)), 1, console).ranked());
        } catch (InvalidInputException e) {
            return Optional.empty();
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

    /** Where a trial's console goes. */
    public Path logOf(int index) {
        return dir.resolve("logs").resolve(trialName(index) + ".txt");
    }

    static String trialName(int index) {
        return String.format("trial-%03d", index);
    }

    /** The trial and its values under the last part of each key (optimizer.lr: lr): XChart cuts long labels short. */
    static String legendLabel(Trial trial) {
        return trial.name() + " " + String.join(" ", trial.parameters().entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + e.getValue()).toList());
    }

    public static String describe(Map<String, String> parameters) {
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
     * @param status pending (no run yet), or its run's status
     * @param reason why a failed, diverged or crashed trial ended, else null
     */
    public record Trial(int index, String name, Map<String, String> parameters, String status, Double value,
                        int epochs, Path run, String reason) {
    }

    /**
     * What one task trains.
     *
     * @param epochs   the rung's epochs, or null for the config's
     * @param args     the {@code dlx train} arguments
     * @param leftover a folder of the trial without a config (its start died early), to remove first, or null
     */
    public record TrialTask(int index, String name, Map<String, String> parameters, Integer epochs, List<String> args,
                            Path leftover) {
        /** Removes the folder of an earlier start that died before it wrote its config, before the task runs. */
        public void clearLeftover() {
            if (leftover != null) {
                deleteQuietly(leftover);
            }
        }
    }

    /**
     * One rung's tasks.
     *
     * @param epochs the epochs every trial of the rung ends with (null: the config's)
     * @param tasks  trial indices, or with {@code ranked} ranks among the rung's survivors
     */
    public record Rung(int index, Integer epochs, List<Integer> tasks, boolean ranked) {
    }
}
