package dlx.train;

import dlx.InvalidInputException;
import dlx.RunFailedException;
import dlx.Version;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.ModelSummary;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.eval.EvalReport;
import dlx.model.NetworkFactory;
import dlx.optim.Optimizers;
import dlx.report.RunPlots;
import dlx.report.RunReport;
import dlx.run.Checkpoint;
import dlx.run.CsvRows;
import dlx.run.Json;
import dlx.run.RunFolder;
import dlx.run.RunInfo;
import dlx.run.RunLog;
import dlx.run.Summary;
import dlx.run.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code dlx train}: loads the data, creates the run folder, builds the network, trains it with
 * the listeners the config asks for, scores the best weights on the test split, and leaves
 * summary.json and a final run.json behind — whatever way the training ends.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /**
     * @param runsDir     where run folders go
     * @param baseDir     what relative data paths are relative to
     * @param commandLine recorded in run.json
     * @param console     progress and messages for the user (stderr)
     * @param interactive whether console is a terminal (progress bars) or a log (plain lines)
     */
    public record Options(Path runsDir, Path baseDir, List<String> commandLine, PrintStream console,
                          boolean interactive) {
    }

    public record Result(RunFolder folder, Outcome outcome, Summary summary) {
    }

    private final Options options;
    private volatile Trainer trainer;
    private volatile boolean interruptedBeforeStart;

    public TrainingRun(Options options) {
        this.options = options;
    }

    /** Asks the loop to stop after the current iteration and save last.zip (Ctrl-C). */
    public void interrupt() {
        Trainer current = trainer;
        if (current == null) {
            interruptedBeforeStart = true;
        } else {
            current.context().requestStop(Outcome.INTERRUPTED,
                    "interrupted: checkpoints/last.zip holds the weights of the last finished iteration");
        }
    }

    public Result run(Experiment experiment) {
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), options.baseDir());
        checkFits(experiment, data);

        return start(RunFolder.create(options.runsDir(), experiment.name(), LocalDateTime.now()), experiment, data);
    }

    /**
     * Starts a run from the beginning in its own folder, which has its config but no checkpoint to go on from:
     * a run prepared for a batch job, or one killed before its first checkpoint. What an earlier start wrote
     * (metrics rows, a best.zip without last.zip) is dropped and written again.
     */
    public Result restart(RunFolder folder, Experiment experiment) {
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), options.baseDir());
        checkFits(experiment, data);
        try (var stale = Files.list(folder.checkpoints())) {
            for (Path zip : stale.filter(p -> p.toString().endsWith(".zip")).toList()) {
                Files.delete(zip);
            }
            for (String file : List.of(MetricsCsv.FILE, StepMetricsCsv.FILE, LayerStatistics.FILE)) {
                Files.deleteIfExists(folder.file(file));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(folder.dir() + ": cannot clear what the earlier start wrote ("
                    + e.getMessage() + ")", e);
        }
        return start(folder, experiment, data);
    }

    private Result start(RunFolder folder, Experiment experiment, LoadedData data) {
        try (RunLog ignored = RunLog.attach(folder.file("train.log"))) {
            folder.writeAtomically("config.yaml", ExperimentFile.toYaml(experiment));
            RunInfo info = new RunInfo(folder.id(), experiment.name(), "running", now(), null,
                    options.commandLine(), experiment.seed(), Version.current(), null, null, null,
                    data.fingerprint(), null, 0, null, ProcessHandle.current().pid(), host(),
                    System.getProperty("java.version"), null, null);
            info.writeTo(folder);
            LOG.info("run {} started: {}", folder.id(), String.join(" ", options.commandLine()));
            // built inside recordingFailure: a network DL4J refuses leaves a failed run, not one that says running
            return recordingFailure(folder, () -> train(experiment, data, folder, info,
                    NetworkFactory.build(experiment, Trainer.iterationsPerEpoch(experiment, data)), TrainingState.START));
        }
    }

    /**
     * Goes on with a run from its checkpoint: same weights, updater state, counters and data order.
     * What the run wrote after that checkpoint (metrics rows) is dropped and written again.
     */
    public Result resume(RunFolder folder, Checkpoint.Loaded checkpoint, Experiment experiment) {
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), options.baseDir());
        checkFits(experiment, data);
        RunInfo previous = RunInfo.readFrom(folder);
        if (previous.datasetFingerprint() != null && !previous.datasetFingerprint().equals(data.fingerprint())) {
            throw new InvalidInputException(folder.dir() + ": the data changed since the run started (fingerprint "
                    + previous.datasetFingerprint() + ", now " + data.fingerprint() + "); start a new run instead");
        }
        TrainingState state = checkpoint.state();
        if (checkpoint.experiment().training().epochs() != experiment.training().epochs()) {
            Optimizers.stretchToRun(checkpoint.network(), experiment, Trainer.iterationsPerEpoch(experiment, data));
        }
        try (RunLog ignored = RunLog.attach(folder.file("train.log"))) {
            CsvRows.keepUpTo(folder.file(MetricsCsv.FILE), state.epochsCompleted());
            CsvRows.keepUpTo(folder.file(StepMetricsCsv.FILE), state.iteration());
            CsvRows.keepUpTo(folder.file(LayerStatistics.FILE), state.iteration());
            folder.writeAtomically("config.yaml", ExperimentFile.toYaml(experiment));
            RunInfo info = previous.resumed(now(), state, ProcessHandle.current().pid());
            info.writeTo(folder);
            LOG.info("run {} resumed from epoch {}, iteration {}: {}", folder.id(), state.epochsCompleted(),
                    state.iteration(), String.join(" ", options.commandLine()));
            return recordingFailure(folder, () -> train(experiment, data, folder, info, checkpoint.network(), state));
        }
    }

    /**
     * A run that throws still says so in run.json; running out of memory becomes a message that says what to change,
     * and DL4J's memory crash dump lands in the run folder rather than the working directory.
     */
    private static Result recordingFailure(RunFolder folder, java.util.function.Supplier<Result> training) {
        System.setProperty("org.deeplearning4j.crash.reporting.directory", folder.dir().toString());
        try {
            return training.get();
        } catch (OutOfMemoryError e) {
            RuntimeException failure = new RunFailedException("out of memory (" + e.getMessage() + "); lower"
                    + " training.batch_size or the model's size, or raise the limits in DLX_JAVA_OPTS"
                    + " (-Xmx, -Dorg.bytedeco.javacpp.maxbytes, -Dorg.bytedeco.javacpp.maxphysicalbytes)", e);
            LOG.error("run failed", e);
            recordFailure(folder, failure);
            throw failure;
        } catch (RuntimeException e) {
            LOG.error("run failed", e);
            recordFailure(folder, e);
            throw e;
        }
    }

    /**
     * Best effort: when the disk is full, run.json cannot be rewritten either; it then still says
     * running, which readers show as crashed once this process is gone. The original error is what
     * the user needs to see, so it is never replaced by this one.
     */
    private static void recordFailure(RunFolder folder, RuntimeException failure) {
        try {
            RunInfo.readFrom(folder).ended("failed", now(), failure.getMessage()).writeTo(folder);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.error("could not record the failure in run.json", e);
        }
    }

    private Result train(Experiment experiment, LoadedData data, RunFolder folder, RunInfo info,
                         MultiLayerNetwork network, TrainingState start) {
        info = info.withModel(Nd4j.getBackend().getClass().getSimpleName(), cpuModel(),
                Nd4j.getEnvironment().maxThreads(), network.numParams());
        info.writeTo(folder);
        LOG.info("network: {} parameters; backend {} on {}, {} threads", network.numParams(), info.backend(),
                info.device(), info.threads());
        List<Integer> slow = NetworkFactory.layersWithoutFastPath(network);
        if (!slow.isEmpty()) {
            LOG.warn("layers {} run without DL4J's oneDNN helper: convolutions train about 5x slower", slow);
        }
        options.console().print(ModelSummary.table(experiment.model()));
        options.console().printf(Locale.ROOT, "run %s: %,d parameters, %,d training examples, %s%n",
                folder.dir(), network.numParams(), data.train().rows(), info.backend());

        RunRecord record = new RunRecord(folder, info);
        List<TrainingListener> listeners = new ArrayList<>(List.of(new DivergenceGuard(),
                new MetricsCsv(folder), new StepMetricsCsv(folder, experiment.training().logEvery())));
        if (experiment.training().record() != null) {
            listeners.add(new LayerStatistics(folder, experiment.training().record().every(), experiment.model().layers()));
        }
        if (experiment.training().earlyStopping() != null) {
            listeners.add(new EarlyStopping(experiment.training().earlyStopping()));
        }
        if (experiment.schedule().type().equals("plateau")) {
            listeners.add(new ReduceLrOnPlateau(experiment.schedule(), experiment.optimizer().lr()));
        }
        listeners.add(new Checkpointing(folder, experiment.training().checkpoint().keepLast()));
        listeners.add(record);
        listeners.add(new ProgressDisplay(options.console(), options.interactive(), experiment.training().batchSize()));

        trainer = new Trainer(experiment, network, data, start, listeners, System::nanoTime);
        if (interruptedBeforeStart) {
            interrupt();
        }
        Outcome outcome = trainer.fit();
        LOG.info("training ended: {}{}", outcome.status(), outcome.message() == null ? "" : " - " + outcome.message());

        Map<String, Double> test = testScores(experiment, data, folder);
        TrainingContext context = trainer.context();
        List<Map<String, Double>> rows = CsvRows.read(folder.file(MetricsCsv.FILE));
        Summary summary = new Summary(folder.id(), outcome.status(), context.state().epochsCompleted(),
                experiment.training().checkpoint().best(), context.bestEpoch() == 0 ? null : context.bestEpoch(),
                rows.isEmpty() ? null : metricsOf(rows.get(rows.size() - 1)),
                rows.stream().filter(r -> r.get("epoch") == context.bestEpoch()).findFirst().map(TrainingRun::metricsOf)
                        .orElse(null),
                test, rows.isEmpty() ? null : rows.stream().mapToDouble(r -> r.get("seconds")).average().orElse(0));
        summary.writeTo(folder);
        drawPlots(folder);
        record.info().ended(outcome.status(), now(), outcome.message()).writeTo(folder);
        return new Result(folder, outcome, summary);
    }

    /** Scores best.zip's weights on the test split and writes eval-test.json; null when there is nothing to score. */
    private Map<String, Double> testScores(Experiment experiment, LoadedData data, RunFolder folder) {
        Path best = folder.checkpoints().resolve(Checkpointing.BEST);
        if (data.test().rows() == 0 || !Files.exists(best)) {
            return null;
        }
        Checkpoint.Loaded loaded = Checkpoint.read(best);
        EvalReport report = EvalReport.of(loaded.network(), experiment, data, "test", "checkpoints/" + Checkpointing.BEST);
        try {
            folder.writeAtomically("eval-test.json", Json.MAPPER.writeValueAsString(report) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("an evaluation report always serializes", e);
        }
        return report.headline();
    }

    /** Plots and the report help the user but are not the run: a failure to draw is logged, not fatal. */
    private static void drawPlots(RunFolder folder) {
        try {
            RunPlots.write(folder.dir());
            RunReport.write(folder.dir());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("could not draw the run's plots or report", e);
        }
    }

    /** A metrics.csv row without its bookkeeping columns. */
    private static Map<String, Double> metricsOf(Map<String, Double> row) {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>(row);
        List.of("epoch", "iteration", "lr", "seconds", "samples_per_s").forEach(metrics::remove);
        return metrics;
    }

    private static void checkFits(Experiment experiment, LoadedData data) {
        experiment.model().requireClasses(data.classNames());
        long features = experiment.model().inputShape().size();
        if (features != data.train().featureCount()) {
            throw new InvalidInputException("model.input: " + experiment.model().inputShape() + " holds " + features
                    + " values but each example has " + data.train().featureCount() + " features");
        }
        // an embedding reads the data as token ids: DL4J would fail in the middle of an epoch
        experiment.model().embeddingVocab().ifPresent(vocab -> {
            data.train().requireTokenIds(vocab, "the training split");
            data.validation().requireTokenIds(vocab, "the validation split");
        });
    }

    private static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> "cpu: " + l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("cpu");
        } catch (IOException | RuntimeException e) {
            return "cpu";
        }
    }
}
