package dlx.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.device.Placement;
import dlx.run.Json;
import dlx.run.RunFolder;
import dlx.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the network an experiment file describes; everything about the run goes to one folder"
                + " under --runs-dir (config.yaml, run.json, metrics.csv, checkpoints/, summary.json, train.log).",
        footer = {"", "Examples:",
                "  dlx train --config configs/quickstart.yaml",
                "  dlx train --config configs/fashion-mlp.yaml --set optimizer.type=sgd --set optimizer.lr=0.05",
                "  dlx train --config exp.yaml --name lr-0.01 --set optimizer.lr=0.01 --json",
                "  for lr in 0.1 0.01 0.001; do dlx train --config exp.yaml --set optimizer.lr=$lr; done",
                "  dlx train --resume runs/20261123-120000-exp --set training.epochs=20",
                "  dlx train --config configs/fashion-cnn.yaml --backend cuda",
                "", "Ctrl-C stops after the current iteration and saves checkpoints/last.zip (exit 130); a second"
                + " Ctrl-C exits at once."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "The experiment file (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Go on with a run from its checkpoints/last.zip: same weights, optimizer state, counters and"
                    + " data order. Only training.* keys may be changed with --set (e.g. training.epochs=20).")
    Path resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a key of the experiment, parsed as YAML: optimizer.lr=0.01, model.layers[2].rate=0.5.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "The run's name (default: the config's name or file name).")
    String name;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--json", description = "Print the result as JSON on stdout (progress stays on stderr).")
    boolean json;

    @Mixin
    BackendOptions backend;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1", description = "With --backend cuda: split each batch"
            + " across N GPUs and average the weights after every step, so batch_size stays the whole step's batch"
            + " (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Override
    public Integer call() throws Exception {
        if (config == null && resume == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing --config FILE (or --resume RUN_DIR)");
        }
        if (resume != null && name != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name cannot rename a resumed run");
        }
        Placement placement = backend.place(gpus);
        backend.announce(placement);
        TrainingRun run = new TrainingRun(new TrainingRun.Options(runsDir, Path.of("").toAbsolutePath(), commandLine(),
                System.err, !json && Terminal.interactive(), placement));
        InterruptHandler.install("after the current iteration", run::interrupt, run::abandon);
        TrainingRun.Result result = resume != null ? resume(run) : start(run);

        if (json) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("run", result.folder().dir().toString());
            out.put("status", result.outcome().status().toString());
            out.set("summary", Json.MAPPER.valueToTree(result.summary()));
            System.out.println(Json.MAPPER.writeValueAsString(out));
        } else {
            System.out.println(closingLine(result));
        }
        return switch (result.outcome().status()) {
            case DIVERGED -> ExitCodes.FAILED;
            case INTERRUPTED -> ExitCodes.INTERRUPTED;
            default -> ExitCodes.DONE;
        };
    }

    /** Locks the run folder before reading anything in it: a second writer started at the same moment is refused. */
    private TrainingRun.Result resume(TrainingRun run) {
        try (RunFolder folder = RunFolder.lockForResume(resume)) {
            Experiment fromFile = config == null ? null : ConfigCommand.load(config, overrides);
            return run.resume(folder, overrides, fromFile);
        }
    }

    /** A new run; a config error found against the data (the output's units, a missing file) names its line. */
    private TrainingRun.Result start(TrainingRun run) {
        ExperimentFile.Loaded loaded = ConfigCommand.read(config, overrides);
        Experiment experiment = name == null ? loaded.experiment() : loaded.experiment().named(name);
        try {
            return run.run(experiment);
        } catch (ConfigException e) {
            throw loaded.origins().locate(e);
        }
    }

    /** The command as run.json records it. */
    private List<String> commandLine() {
        List<String> command = new ArrayList<>(List.of("dlx", "train"));
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        if (resume != null) {
            command.addAll(List.of("--resume", resume.toString()));
        }
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        if (name != null) {
            command.addAll(List.of("--name", name));
        }
        if (backend.choice != null) {
            command.addAll(List.of("--backend", backend.choice.toString()));
        }
        if (gpus != 1) {
            command.addAll(List.of("--gpus", String.valueOf(gpus)));
        }
        return command;
    }

    private static String closingLine(TrainingRun.Result result) {
        var summary = result.summary();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %s after %d epochs", result.folder().dir(),
                summary.status(), summary.epochsCompleted()));
        if (summary.bestEpoch() != null) {
            line.append(String.format(Locale.ROOT, "; best %s %.4f at epoch %d", summary.bestMetric(),
                    summary.best().get(summary.bestMetric()), summary.bestEpoch()));
        }
        if (summary.test() != null) {
            for (Map.Entry<String, Double> e : summary.test().entrySet()) {
                if (!e.getKey().equals("loss")) {
                    line.append(String.format(Locale.ROOT, "; test %s %.4f", e.getKey(), e.getValue()));
                }
            }
        }
        return line.toString();
    }
}
