package dlx.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.InvalidInputException;
import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.device.Placement;
import dlx.launch.BatchScript;
import dlx.launch.Slurm;
import dlx.run.Json;
import dlx.run.RunFolder;
import dlx.run.RunInfo;
import dlx.train.Resumption;
import dlx.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
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
                "  dlx train --config exp.yaml --launcher slurm --slurm-opt=--partition=gpu --slurm-opt=--time=4:00:00",
                "", "Ctrl-C stops after the current iteration and saves checkpoints/last.zip (exit 130); a second"
                + " Ctrl-C exits at once.",
                "", "--launcher slurm submits the run as one batch job and prints its id and run folder. The job saves"
                + " last.zip before its time limit and requeues itself; a requeued job goes on from last.zip."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "The experiment file (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Go on with a run from its checkpoints/last.zip: same weights, optimizer state, counters and"
                    + " data order. Only training.* keys may be changed with --set (e.g. training.epochs=20).")
    Path resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    OverrideOptions set;

    @Option(names = "--name", paramLabel = "NAME", description = "The run's name (default: the config's name or file name).")
    String name;

    @Mixin
    RunsDirOption runsDir;

    @Mixin
    JsonOption output;

    @Option(names = "--launcher", defaultValue = "local", paramLabel = "L", description = "local (here) or slurm"
            + " (submit one batch job; the run folder must be on a filesystem the nodes see) (default: ${DEFAULT-VALUE}).")
    Launcher launcher;

    @Option(names = "--slurm-opt", paramLabel = "ARG", description = "An sbatch option, e.g. --slurm-opt=--partition=gpu"
            + " --slurm-opt=--gres=gpu:1 --slurm-opt=--time=4:00:00 --slurm-opt=--account=A.")
    List<String> slurmOptions = new ArrayList<>();

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
        if (launcher == Launcher.slurm) {
            return submit();
        }
        if (resume != null && finishedWithNothingToChange()) {
            return ExitCodes.DONE;
        }
        Placement placement = backend.place(gpus);
        backend.announce(placement);
        TrainingRun run = new TrainingRun(new TrainingRun.Options(runsDir.path, Path.of("").toAbsolutePath(), commandLine(),
                spec.commandLine().getErr(), !output.json && Terminal.interactive(), placement));
        InterruptHandler.install("after the current iteration", run::interrupt, run::abandon);
        TrainingRun.Result result = resume != null ? resume(run) : start(run);

        if (output.json) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("run", result.folder().dir().toString());
            out.put("status", result.outcome().status().toString());
            out.set("summary", Json.MAPPER.valueToTree(result.summary()));
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(out));
        } else {
            spec.commandLine().getOut().println(closingLine(result));
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
            Experiment fromFile = config == null ? null : ConfigCommand.load(config, set.overrides);
            return run.resume(folder, set.overrides, fromFile);
        }
    }

    /**
     * A completed run resumed with no training.* key changed has nothing to train: say so and leave it as it is.
     * This is what a Slurm job requeued after its run ended runs; it never trains past the run's epochs.
     */
    private boolean finishedWithNothingToChange() throws IOException {
        if (!Files.isRegularFile(resume.resolve(RunFolder.RUN)) || !Files.isRegularFile(resume.resolve(RunFolder.CONFIG))) {
            return false;
        }
        RunFolder folder = RunFolder.open(resume);
        RunInfo info = RunInfo.readFrom(folder);
        Experiment saved = folder.config();
        if (!info.status().endedWell()
                || !ExperimentFile.differences(saved, Resumption.experiment(saved, set.overrides,
                        config == null ? null : ConfigCommand.load(config, set.overrides))).isEmpty()) {
            return false;
        }
        if (output.json) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("run", resume.toString());
            out.put("status", info.status().toString());
            Path summary = resume.resolve(RunFolder.SUMMARY);
            out.set("summary", Files.exists(summary) ? Json.MAPPER.readTree(summary.toFile()) : null);
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(out));
        } else {
            spec.commandLine().getOut().println(resume + ": already " + info.status() + " after " + epochs(info.epochsCompleted())
                    + "; nothing to resume (--set training.epochs=N trains it longer)");
        }
        return true;
    }

    /**
     * --launcher slurm: the run's folder is made now, with its resolved config, and one batch job trains it with
     * {@code dlx train --resume FOLDER}, which starts it, or goes on from its last.zip when the job is requeued.
     * The backend is checked on the node that runs the job, not here (a login node often has no GPU).
     */
    private int submit() throws IOException {
        Slurm.check(slurmOptions);
        List<String> job = new ArrayList<>(List.of("train", "--resume"));
        Path folder;
        if (resume != null) {
            if (!Files.isRegularFile(resume.resolve(RunFolder.CONFIG))) {
                throw new InvalidInputException(resume + ": not a run folder (no " + RunFolder.CONFIG + ")");
            }
            folder = resume.toAbsolutePath();
            job.add(folder.toString());
            if (config != null) {
                job.addAll(List.of("--config", config.toAbsolutePath().toString()));
            }
            set.overrides.forEach(o -> job.addAll(List.of("--set", o)));
        } else {
            Experiment loaded = ConfigCommand.load(config, set.overrides);
            Experiment experiment = name == null ? loaded : loaded.named(name);
            try (RunFolder created = RunFolder.create(runsDir.path, experiment.name(), LocalDateTime.now())) {
                created.writeAtomically(RunFolder.CONFIG, ExperimentFile.toYaml(experiment));
                folder = created.dir().toAbsolutePath();
            }
            job.add(folder.toString());
        }
        if (backend.choice != null) {
            job.addAll(List.of("--backend", backend.choice.toString()));
        }
        if (gpus != 1) {
            job.addAll(List.of("--gpus", String.valueOf(gpus)));
        }
        Path slurm = folder.resolve("slurm");
        Files.createDirectories(slurm);
        BatchScript script = new BatchScript("dlx-" + folder.getFileName(), null, null, slurm.resolve("%j.txt"),
                Path.of("").toAbsolutePath(), slurmOptions, Map.of(), job);
        RunFolder.writeAtomically(slurm.resolve("job.sh"), out -> out.write(script.render()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String id = Slurm.submit(slurm.resolve("job.sh"));
        if (output.json) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("run", folder.toString());
            out.put("job", id);
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(out));
        } else {
            spec.commandLine().getOut().println(folder + ": Slurm job " + id + " (console: " + slurm.resolve(id + ".txt")
                    + "; squeue -j " + id + "; scancel " + id + " stops it, saving last.zip)");
        }
        return ExitCodes.DONE;
    }

    /** A new run; a config error found against the data (the output's units, a missing file) names its line. */
    private TrainingRun.Result start(TrainingRun run) {
        ExperimentFile.Loaded loaded = ConfigCommand.read(config, set.overrides);
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
        set.overrides.forEach(o -> command.addAll(List.of("--set", o)));
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
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %s after %s", result.folder().dir(),
                summary.status(), epochs(summary.epochsCompleted())));
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

    /** "1 epoch", "3 epochs". */
    static String epochs(Integer count) {
        return count + (count != null && count == 1 ? " epoch" : " epochs");
    }
}
