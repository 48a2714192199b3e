package dlx.cli;

import dlx.InvalidInputException;
import dlx.Limits;
import dlx.config.Metric;
import dlx.config.Mode;
import dlx.config.TrainingConfig;
import dlx.console.TextTable;
import dlx.launch.Slurm;
import dlx.run.RunFolder;
import dlx.sweep.Domain;
import dlx.sweep.LocalLauncher;
import dlx.sweep.Narrowing;
import dlx.sweep.SlurmLauncher;
import dlx.sweep.Sweep;
import dlx.sweep.SweepSpec;
import dlx.sweep.TrialLauncher;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Search hyperparameters: run trials of a base experiment with swept keys, each as its own"
                + " `dlx train` process, and rank them in leaderboard.csv as they finish.",
        footer = {"", "Examples:",
                "  dlx sweep --config configs/quickstart.yaml --param 'optimizer.lr=loguniform(1e-4,1e-1)' --trials 8",
                "  dlx sweep --config exp.yaml --param 'optimizer.type=[sgd,momentum,adagrad,adam]' --strategy grid --parallel 2",
                "  dlx sweep --config exp.yaml --param 'optimizer.lr=loguniform(1e-4,1e-1)' --strategy halving --trials 9 --min-epochs 1",
                "  dlx sweep --file sweep.yaml          (the same keys as a sweep folder's sweep.yaml)",
                "  dlx sweep --resume runs/20261123-120000-sweep-quickstart",
                "  dlx sweep --config exp.yaml --param 'optimizer.lr=loguniform(1e-4,1e-1)' --trials 32 --parallel 8 \\",
                "      --launcher slurm --slurm-opt=--partition=gpu --slurm-opt=--time=1:00:00 --detach",
                "  dlx sweep --status runs/20261123-120000-sweep-exp",
                "  dlx sweep --narrow runs/20261123-120000-sweep-quickstart --top 5",
                "", "top.png draws the best trials' curves; scatter.png each trial's metric over the first two swept keys,"
                + " when both are numbers (a loguniform key on a log axis).",
                "", "Each trial gets one OpenMP thread (OMP_NUM_THREADS=N gives it N) and 70%% of the memory divided by"
                + " --parallel. The default runs one trial per core: on 2 cores that finishes more trials per hour than"
                + " one trial on both cores. The sweep ends with the trials per hour it reached.",
                "", "--launcher slurm: each rung is one Slurm job array (--parallel is its %%P limit) whose tasks train"
                + " their trials in the sweep folder, which must be on a filesystem every node sees (docs/cluster.md)."
                + " Tasks save last.zip before the time limit and requeue themselves; a requeued task goes on from it."})
public final class SweepCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true)
    Source source = new Source();

    /** Where the sweep comes from: a base config with flags, a sweep file, a sweep to go on with, show or narrow. */
    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", description = "The base experiment file.")
        String config;

        @Option(names = "--file", paramLabel = "SWEEP.yaml", description = "Read the sweep from a file instead of flags.")
        Path file;

        @Option(names = "--resume", paramLabel = "SWEEP_DIR", description = "Go on with a sweep: skip finished trials,"
                + " resume interrupted ones.")
        Path resume;

        @Option(names = "--status", paramLabel = "SWEEP_DIR", description = "Show a sweep's trials and Slurm jobs, and"
                + " bring its leaderboard and plots up to date.")
        Path status;

        @Option(names = "--narrow", paramLabel = "SWEEP_DIR", description = "Search again around the best --top trials"
                + " of a sweep: its config, keys and metric, each key's range narrowed to where those trials lie (log"
                + " scale for loguniform), its strategy and trial count unless given; --set adds overrides.")
        Path narrow;
    }

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "--narrow: how many of the best"
            + " trials the new ranges cover (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--param", paramLabel = "KEY=DOMAIN", description = "A swept key: [a,b,c], choice(a,b),"
            + " uniform(a,b), loguniform(a,b) or int(a,b).")
    List<String> params = new ArrayList<>();

    @Option(names = "--strategy", defaultValue = "random", paramLabel = "S", description = "grid, random or halving"
            + " (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--trials", defaultValue = "8", paramLabel = "N", description = "random, halving: trials to draw (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--parallel", defaultValue = "auto", paramLabel = "P", description = "Trials at once, or auto: one"
            + " per core, as many as get 2 GB of memory each; one at a time on CUDA (default: ${DEFAULT-VALUE}).")
    String parallel;

    @Option(names = "--metric", paramLabel = "METRIC", description = "What ranks trials (default: the base config's"
            + " training.checkpoint.best, e.g. val_accuracy).")
    String metric;

    @Option(names = "--mode", paramLabel = "MODE", description = "min or max (default: from the metric).")
    String mode;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Draws the random trials (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OverrideOptions set;

    @Option(names = "--eta", defaultValue = "3", paramLabel = "N", description = "halving: keep the best 1/N per rung (default: ${DEFAULT-VALUE}).")
    int eta;

    @Option(names = "--min-epochs", defaultValue = "1", paramLabel = "N", description = "halving: epochs of the first rung (default: ${DEFAULT-VALUE}).")
    int minEpochs;

    @Option(names = "--name", paramLabel = "NAME", description = "The sweep's name (default: the config's file name).")
    String name;

    @Mixin
    RunsDirOption runsDir;

    @Spec
    CommandSpec command;

    @Option(names = "--launcher", defaultValue = "local", paramLabel = "L", description = "local (child processes of"
            + " this machine) or slurm (one job array per rung) (default: ${DEFAULT-VALUE}).")
    Launcher launcher;

    @Option(names = "--slurm-opt", paramLabel = "ARG", description = "An sbatch option for every job, e.g."
            + " --slurm-opt=--partition=gpu --slurm-opt=--gres=gpu:1 --slurm-opt=--time=2:00:00 --slurm-opt=--account=A"
            + " (--resume reuses the sweep's unless given).")
    List<String> slurmOptions = new ArrayList<>();

    @Option(names = "--detach", description = "slurm: return once the jobs are queued; follow with --status.")
    boolean detach;

    @Mixin
    BackendOptions backend;

    @Override
    public Integer call() throws IOException {
        if (source.status != null) {
            return status(source.status);
        }
        // the trials run from this build, so on its backend; each checks its GPU itself
        backend.announce(backend.checkBuild());
        if (detach && launcher != Launcher.slurm) {
            throw new InvalidInputException("--detach needs --launcher slurm (local trials are children of this process)");
        }
        SweepSpec spec;
        Path dir;
        if (source.resume != null) {
            dir = source.resume;
            spec = SweepSpec.read(source.resume.resolve(SweepSpec.FILE));
        } else {
            spec = source.narrow != null ? narrowed() : source.file != null ? SweepSpec.read(source.file) : fromFlags();
            check(spec);
            dir = null;
        }
        List<String> options = slurmOptions;
        if (launcher == Launcher.slurm) {
            if (source.resume != null) {
                options = slurmOptions.isEmpty() ? storedOptions(dir) : slurmOptions;
                List<Slurm.Task> queued = Slurm.queued(SlurmLauncher.jobs(dir));
                if (!queued.isEmpty()) {
                    throw new InvalidInputException(dir + ": Slurm still has " + queued.size() + " task(s) of this sweep"
                            + " queued or running (jobs " + String.join(", ", queued.stream().map(Slurm.Task::jobId)
                            .distinct().toList()) + "); wait for them, or scancel --name=" + SlurmLauncher.jobName(dir));
                }
            }
            Slurm.check(options); // before anything is written: a wrong partition or account is one line
        }
        if (dir == null) {
            // a narrowed search goes next to the one it narrows unless told otherwise
            Path into = source.narrow != null && !given("--runs-dir")
                    ? source.narrow.toAbsolutePath().normalize().getParent() : runsDir.path;
            dir = RunFolder.claim(into, "sweep-" + spec.name(), LocalDateTime.now());
            Files.writeString(dir.resolve(SweepSpec.FILE), spec.toYaml());
        }
        if (launcher == Launcher.slurm) {
            Files.createDirectories(dir.resolve("slurm"));
            Files.write(dir.resolve("slurm").resolve(OPTIONS), options);
        }
        Sweep sweep = open(dir, command.commandLine().getErr());
        TrialLauncher trials = launcher == Launcher.slurm
                ? new SlurmLauncher(dir, spec.parallel(), options, detach, command.commandLine().getErr())
                : new LocalLauncher(dir, spec.parallel());
        InterruptHandler.install(launcher == Launcher.slurm ? "the sweep: scancel of its jobs; trials save their"
                + " checkpoints" : "the sweep: trials save their checkpoints", trials::stop);
        List<Sweep.Trial> ranked = sweep.run(trials);
        if (trials instanceof SlurmLauncher slurm && !slurm.waits()) {
            command.commandLine().getOut().println(dir + ": queued as " + (slurm.submitted().size() == 1 ? "job " : "jobs ")
                    + String.join(", ", slurm.submitted())
                    + "; follow: dlx sweep --status " + dir + "; stop: scancel --name=" + SlurmLauncher.jobName(dir));
            return ExitCodes.DONE;
        }
        print(ranked, spec.metric(), 10, command.commandLine().getOut());
        Sweep.Trial best = ranked.get(0);
        if (best.run() != null && best.value() != null) {
            command.commandLine().getOut().println("best: " + best.run().resolve(RunFolder.CONFIG));
        }
        command.commandLine().getOut().println("leaderboard: " + dir.resolve("leaderboard.csv")
                + (Files.exists(dir.resolve("top.png")) ? "; plot: " + dir.resolve("top.png") : "")
                + (Files.exists(dir.resolve("scatter.png")) ? "; scatter: " + dir.resolve("scatter.png") : ""));
        // a diverged trial ran to its end: its hyperparameters are the finding; any other ending is a failure
        List<Sweep.Trial> failed = ranked.stream().filter(t -> !List.of("completed", "stopped-early", "diverged")
                .contains(t.status())).toList();
        boolean resumable = failed.stream().anyMatch(t -> !t.status().equals("failed"));
        if (resumable) {
            command.commandLine().getErr().println("to go on: dlx sweep --resume " + dir + (launcher == Launcher.slurm ? " --launcher slurm" : ""));
        }
        if (trials.stopping()) {
            return ExitCodes.INTERRUPTED;
        }
        if (!failed.isEmpty()) {
            command.commandLine().getErr().println("dlx: " + failed.size() + " of " + ranked.size() + " trials failed ("
                    + String.join(", ", failed.stream().map(t -> t.name() + " " + t.status()).toList())
                    + "); their reasons are in the leaderboard's reason column");
            return ExitCodes.FAILED;
        }
        return ExitCodes.DONE;
    }

    private static final String OPTIONS = "options.txt";

    /** The sbatch options a sweep was submitted with (slurm/options.txt), for --resume. */
    private static List<String> storedOptions(Path dir) throws IOException {
        Path stored = dir.resolve("slurm").resolve(OPTIONS);
        return Files.exists(stored) ? Files.readAllLines(stored).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    /** The sweep of a folder, as its sweep.yaml and base config say. */
    static Sweep open(Path dir, PrintWriter console) {
        if (!Files.isRegularFile(dir.resolve(SweepSpec.FILE))) {
            throw new InvalidInputException(dir + ": not a sweep folder (no sweep.yaml)");
        }
        SweepSpec spec = SweepSpec.read(dir.resolve(SweepSpec.FILE));
        int baseEpochs = ConfigCommand.load(Path.of(spec.config()), spec.sets()).training().epochs();
        return new Sweep(dir, spec, baseEpochs, console);
    }

    /** --status: the trials as their folders tell, the sweep's Slurm jobs as Slurm tells; the board rewritten. */
    private int status(Path dir) {
        Sweep sweep = open(dir, command.commandLine().getErr());
        sweep.refreshBoard();
        List<Sweep.Trial> ranked = sweep.ranked();
        Map<String, Long> counts = ranked.stream().collect(Collectors.groupingBy(Sweep.Trial::status, TreeMap::new,
                Collectors.counting()));
        command.commandLine().getOut().println("sweep " + dir + ": " + ranked.size() + " trials, " + sweep.spec().strategy() + "; "
                + String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
        for (String job : SlurmLauncher.jobs(dir)) {
            String says;
            try {
                Map<String, Long> states = Slurm.tasks(job).stream().collect(Collectors.groupingBy(
                        t -> t.state().toLowerCase(Locale.ROOT), TreeMap::new, Collectors.counting()));
                says = states.isEmpty() ? "no longer known to Slurm" : String.join(", ", states.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey()).toList());
            } catch (InvalidInputException | java.io.UncheckedIOException unreachable) {
                says = "Slurm cannot be asked from here (" + unreachable.getMessage() + ")";
            }
            command.commandLine().getOut().println("Slurm job " + job + ": " + says);
        }
        print(ranked, sweep.spec().metric(), ranked.size(), command.commandLine().getOut());
        command.commandLine().getOut().println("leaderboard: " + dir.resolve("leaderboard.csv"));
        return ExitCodes.DONE;
    }

    private static void print(List<Sweep.Trial> ranked, String metric, int limit, PrintWriter out) {
        TextTable table = new TextTable(3).row("trial", "status", "parameters", metric, "epochs");
        for (Sweep.Trial t : ranked.stream().limit(limit).toList()) {
            table.row(t.name(), t.status(), Sweep.describe(t.parameters()),
                    t.value() == null ? "-" : String.format(Locale.ROOT, "%.4f", t.value()), String.valueOf(t.epochs()));
        }
        out.print(table.render());
    }

    private SweepSpec fromFlags() {
        String config = source.config;
        if (config == null) {
            throw new InvalidInputException("dlx sweep: --config FILE (or --file SWEEP.yaml, or --resume SWEEP_DIR) is required");
        }
        // by default trials are ranked as each run picks its best epoch: by its checkpoint metric and mode
        TrainingConfig.Checkpoint checkpoint = ConfigCommand.load(Path.of(config), set.overrides).training().checkpoint();
        String chosen = metric != null ? metric : checkpoint.best().toString();
        Mode direction = metric == null ? checkpoint.mode() : Metric.named(metric).map(Metric::direction).orElse(Mode.MIN);
        return new SweepSpec(name != null ? name : Path.of(config).getFileName().toString().replaceFirst("\\.(ya?ml|json)$", ""),
                config, params, strategy, trials, parallel(), chosen, mode != null ? mode : direction.toString(), seed,
                set.overrides, eta, minEpochs, null);
    }

    /** --narrow: the earlier sweep's search, each range narrowed around its best --top trials. */
    private SweepSpec narrowed() {
        Path earlierDir = source.narrow;
        if (!params.isEmpty() || metric != null || mode != null) {
            throw new InvalidInputException("--narrow takes the swept keys and the metric from "
                    + earlierDir.resolve(SweepSpec.FILE) + ": leave out --param, --metric and --mode");
        }
        if (top < 1) {
            throw new InvalidInputException("--top: must be a whole number >= 1, got " + top);
        }
        PrintWriter err = command.commandLine().getErr();
        Sweep earlier = open(earlierDir, err);
        SweepSpec old = earlier.spec();
        List<Sweep.Trial> best = earlier.ranked().stream().filter(t -> t.value() != null).limit(top).toList();
        List<Domain> domains = old.params().stream().map(Domain::parse).toList();
        Narrowing narrowing = Narrowing.around(domains, best);
        err.println("narrowing " + earlierDir + " around its best " + best.size() + " trials by " + old.metric() + ":");
        for (int i = 0; i < domains.size(); i++) {
            err.println("  " + domains.get(i).param() + "  ->  " + narrowing.params().get(i).substring(
                    domains.get(i).key().length() + 1));
        }
        narrowing.notes().forEach(note -> err.println("note: " + note));
        List<String> overrides = new ArrayList<>(old.sets());
        overrides.addAll(set.overrides);
        String named = name != null ? name : old.name().length() + 9 <= Limits.NAME_CHARS ? old.name() + "-narrowed" : old.name();
        return new SweepSpec(named, old.config(), narrowing.params(), given("--strategy") ? strategy : old.strategy(),
                given("--trials") ? trials : old.trials(), parallel(), old.metric(), old.mode(),
                given("--seed") ? seed : old.seed() + 1, overrides, old.eta(), old.minEpochs(),
                earlierDir.toAbsolutePath().normalize().toString());
    }

    private boolean given(String option) {
        return command.commandLine().getParseResult().hasMatchedOption(option);
    }

    private int parallel() {
        if (parallel.equals("auto")) {
            // Slurm: as many at once as the scheduler gives (the array's limit is then the trial count)
            return launcher == Launcher.slurm ? Math.max(1, trials) : LocalLauncher.defaultParallel();
        }
        try {
            return Integer.parseInt(parallel);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--parallel: '" + parallel + "' is not a whole number >= 1 or auto");
        }
    }

    private static void check(SweepSpec spec) {
        String name = spec.name() == null ? "" : spec.name();
        if (name.length() > Limits.NAME_CHARS || !name.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidInputException("--name: the sweep's name '" + (name.length() > 20 ? name.substring(0, 20) + "…" : name)
                    + "' must be 1 to " + Limits.NAME_CHARS + " letters, digits, '.', '_' and '-' (it becomes part of"
                    + " the sweep folder's name)");
        }
        if (spec.params() == null || spec.params().isEmpty()) {
            throw new InvalidInputException("dlx sweep: at least one --param KEY=DOMAIN is required");
        }
        if (!SweepSpec.STRATEGIES.contains(spec.strategy())) {
            throw new InvalidInputException("--strategy: '" + spec.strategy() + "' is not one of grid, random, halving");
        }
        if (spec.trials() < 1 || spec.parallel() < 1 || spec.eta() < 2 || spec.minEpochs() < 1) {
            throw new InvalidInputException("dlx sweep: --trials and --parallel must be >= 1, --eta >= 2, --min-epochs >= 1");
        }
        if (Mode.named(spec.mode()).isEmpty()) {
            throw new InvalidInputException("--mode: '" + spec.mode() + "' is not one of min, max");
        }
        spec.params().forEach(Domain::parse);
        // every trial's config must be valid: check the base with each domain's first value now, not in a child
        for (String param : spec.params()) {
            Domain d = Domain.parse(param);
            List<String> overrides = new ArrayList<>(spec.sets());
            overrides.add(d.key() + "=" + d.values().get(0));
            ConfigCommand.load(Path.of(spec.config()), overrides);
        }
    }
}
