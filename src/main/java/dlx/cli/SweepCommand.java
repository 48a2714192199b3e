package dlx.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dlx.InvalidInputException;
import dlx.Limits;
import dlx.config.Metric;
import dlx.config.Mode;
import dlx.config.TrainingConfig;
import dlx.console.TextTable;
import dlx.run.RunFolder;
import dlx.sweep.Domain;
import dlx.sweep.Sweep;
import dlx.sweep.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Search hyperparameters: run trials of a base experiment with swept keys, each as its own"
                + " `dlx train` process, and rank them in leaderboard.csv as they finish.",
        footer = {"", "Examples:",
                "  dlx sweep --config configs/quickstart.yaml --param 'optimizer.lr=loguniform(1e-4,1e-1)' --trials 8",
                "  dlx sweep --config exp.yaml --param 'optimizer.type=[sgd,momentum,adagrad,adam]' --strategy grid --parallel 2",
                "  dlx sweep --config exp.yaml --param 'optimizer.lr=loguniform(1e-4,1e-1)' --strategy halving --trials 9 --min-epochs 1",
                "  dlx sweep --file sweep.yaml          (the same keys as a sweep folder's sweep.yaml)",
                "  dlx sweep --resume runs/20261123-120000-sweep-quickstart",
                "", "top.png draws the best trials' curves; scatter.png each trial's metric over the first two swept keys,"
                + " when both are numbers (a loguniform key on a log axis).",
                "", "Each trial gets one OpenMP thread (OMP_NUM_THREADS=N gives it N) and 70%% of the memory divided by"
                + " --parallel. The default runs one trial per core: on 2 cores that finishes more trials per hour than"
                + " one trial on both cores. The sweep ends with the trials per hour it reached."})
public final class SweepCommand implements Callable<Integer> {
    private static final YAMLMapper YAML = (YAMLMapper) YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Option(names = "--config", paramLabel = "FILE", description = "The base experiment file.")
    String config;

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

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key in every trial.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--eta", defaultValue = "3", paramLabel = "N", description = "halving: keep the best 1/N per rung (default: ${DEFAULT-VALUE}).")
    int eta;

    @Option(names = "--min-epochs", defaultValue = "1", paramLabel = "N", description = "halving: epochs of the first rung (default: ${DEFAULT-VALUE}).")
    int minEpochs;

    @Option(names = "--name", paramLabel = "NAME", description = "The sweep's name (default: the config's file name).")
    String name;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Default: ${DEFAULT-VALUE}.")
    Path runsDir;

    @Option(names = "--file", paramLabel = "SWEEP.yaml", description = "Read the sweep from a file instead of flags.")
    Path file;

    @Option(names = "--resume", paramLabel = "SWEEP_DIR", description = "Go on with a sweep: skip finished trials,"
            + " resume interrupted ones.")
    Path resume;

    @Mixin
    BackendOptions backend;

    @Override
    public Integer call() throws IOException {
        // the trials run from this build, so on its backend; each checks its GPU itself
        backend.announce(backend.checkBuild());
        SweepSpec spec;
        Path dir;
        if (resume != null) {
            dir = resume;
            spec = read(resume.resolve("sweep.yaml"));
        } else {
            spec = file != null ? read(file) : fromFlags();
            check(spec);
            dir = RunFolder.claim(runsDir, "sweep-" + spec.name(), LocalDateTime.now());
            Files.writeString(dir.resolve("sweep.yaml"), YAML.writeValueAsString(spec));
        }
        int baseEpochs = ConfigCommand.load(Path.of(spec.config()), spec.sets()).training().epochs();
        Sweep sweep = new Sweep(dir, spec, baseEpochs, System.err);
        InterruptHandler.install("the sweep: trials save their checkpoints", sweep::stop);
        List<Sweep.Trial> ranked = sweep.run();

        TextTable table = new TextTable(3).row("trial", "status", "parameters", spec.metric(), "epochs");
        for (Sweep.Trial t : ranked.stream().limit(10).toList()) {
            table.row(t.name(), t.status(), String.join(" ", t.parameters().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toList()),
                    t.value() == null ? "-" : String.format(Locale.ROOT, "%.4f", t.value()), String.valueOf(t.epochs()));
        }
        System.out.print(table.render());
        Sweep.Trial best = ranked.get(0);
        if (best.run() != null && best.value() != null) {
            System.out.println("best: " + best.run().resolve(RunFolder.CONFIG));
        }
        System.out.println("leaderboard: " + dir.resolve("leaderboard.csv")
                + (Files.exists(dir.resolve("top.png")) ? "; plot: " + dir.resolve("top.png") : "")
                + (Files.exists(dir.resolve("scatter.png")) ? "; scatter: " + dir.resolve("scatter.png") : ""));
        if (sweep.stopped()) {
            return ExitCodes.INTERRUPTED;
        }
        // a diverged trial ran to its end: its hyperparameters are the finding; any other ending is a failure
        List<Sweep.Trial> failed = ranked.stream().filter(t -> !List.of("completed", "stopped-early", "diverged")
                .contains(t.status())).toList();
        if (!failed.isEmpty()) {
            System.err.println("dlx: " + failed.size() + " of " + ranked.size() + " trials failed ("
                    + String.join(", ", failed.stream().map(t -> t.name() + " " + t.status()).toList())
                    + "); their reasons are in the leaderboard's reason column");
            return ExitCodes.FAILED;
        }
        return ExitCodes.DONE;
    }

    private SweepSpec fromFlags() {
        if (config == null) {
            throw new InvalidInputException("dlx sweep: --config FILE (or --file SWEEP.yaml, or --resume SWEEP_DIR) is required");
        }
        // by default trials are ranked as each run picks its best epoch: by its checkpoint metric and mode
        TrainingConfig.Checkpoint checkpoint = ConfigCommand.load(Path.of(config), sets).training().checkpoint();
        String chosen = metric != null ? metric : checkpoint.best().toString();
        Mode direction = metric == null ? checkpoint.mode() : Metric.named(metric).map(Metric::direction).orElse(Mode.MIN);
        return new SweepSpec(name != null ? name : Path.of(config).getFileName().toString().replaceFirst("\\.(ya?ml|json)$", ""),
                config, params, strategy, trials, parallel(), chosen, mode != null ? mode : direction.toString(), seed,
                sets, eta, minEpochs);
    }

    private int parallel() {
        if (parallel.equals("auto")) {
            return Sweep.defaultParallel();
        }
        try {
            return Integer.parseInt(parallel);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--parallel: '" + parallel + "' is not a whole number >= 1 or auto");
        }
    }

    private static SweepSpec read(Path file) {
        try {
            return YAML.readValue(file.toFile(), SweepSpec.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a readable sweep file (" + e.getMessage().lines().findFirst().orElse("")
                    + ")");
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
