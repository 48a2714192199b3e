package dlx.train;

import dlx.InvalidInputException;
import dlx.RunFailedException;
import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.ModelSummary;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.device.Backend;
import dlx.device.GpuMemory;
import dlx.device.Hardware;
import dlx.device.Placement;
import dlx.eval.EvalReport;
import dlx.model.NetworkFactory;
import dlx.model.kernel.Kernels;
import dlx.optim.Optimizers;
import dlx.report.RunPlots;
import dlx.report.RunReport;
import dlx.run.Checkpoint;
import dlx.run.CsvRows;
import dlx.run.RunFolder;
import dlx.run.RunInfo;
import dlx.run.RunLog;
import dlx.run.RunProcess;
import dlx.run.RunStatus;
import dlx.run.Summary;
import dlx.run.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
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
     * @param placement   the backend, why, and how many GPUs (checked before the run starts)
     */
    public record Options(Path runsDir, Path baseDir, List<String> commandLine, PrintWriter console,
                          boolean interactive, Placement placement) {
        /** On the CPU, as a process that was never asked otherwise. */
        public Options(Path runsDir, Path baseDir, List<String> commandLine, PrintWriter console, boolean interactive) {
            this(runsDir, baseDir, commandLine, console, interactive, Placement.cpu());
        }
    }

    public record Result(RunFolder folder, Outcome outcome, Summary summary) {
    }

    private final Options options;
    private volatile Trainer trainer;
    private volatile boolean interruptedBeforeStart;
    /** The folder being trained in, once its run.json says running. */
    private volatile RunFolder training;

    public TrainingRun(Options options) {
        this.options = options;
    }

    /** Asks the loop to stop after the current iteration and save last.zip (Ctrl-C). */
    public void interrupt() {
        Trainer current = trainer;
        if (current == null) {
            interruptedBeforeStart = true;
        } else {
            current.context().requestStop(RunStatus.INTERRUPTED,
                    "interrupted: checkpoints/last.zip holds the weights of the last finished iteration; to go on: "
                            + resumeCommand(training));
        }
    }

    /** The command that goes on with the run in {@code folder}, ready to paste into a shell. */
    static String resumeCommand(RunFolder folder) {
        String dir = folder.dir().toString();
        return "dlx train --resume " + (dir.matches("[A-Za-z0-9_./:=+@%-]+") ? dir : "'" + dir.replace("'", "'\\''") + "'");
    }

    /** A second Ctrl-C: the process quits at once, and run.json says interrupted, not running. */
    public void abandon() {
        RunFolder folder = training;
        if (folder != null) {
            String message = "interrupted at once by a second Ctrl-C; "
                    + (Files.exists(folder.checkpoints().resolve(RunFolder.LAST))
                    ? "checkpoints/last.zip holds the last finished epoch" : "no checkpoint had been saved yet")
                    + "; to go on: " + resumeCommand(folder);
            RunInfo.interruptedAtOnce(folder, message);
            options.console().println(message);
        }
    }

    public Result run(Experiment experiment) {
        checkPlacement(experiment);
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), options.baseDir());
        checkFits(experiment, data);

        RunFolder folder = RunFolder.create(options.runsDir(), experiment.name(), LocalDateTime.now());
        try (folder; RunLog ignored = RunLog.attach(folder.file(RunFolder.LOG))) {
            folder.writeAtomically(RunFolder.CONFIG, ExperimentFile.toYaml(experiment));
            RunInfo info = firstRecord(folder, experiment, data);
            info.writeTo(folder);
            training = folder;
            LOG.info("run {} started: {}", folder.id(), String.join(" ", options.commandLine()));
            // built inside recordingFailure: a network DL4J refuses leaves a failed run, not one that says running
            return recordingFailure(folder, experiment, () -> train(experiment, data, folder, info,
                    NetworkFactory.build(experiment, Trainer.iterationsPerEpoch(experiment, data)), TrainingState.START));
        }
    }

    /**
     * Goes on with a run in its folder (locked by the caller) from checkpoints/last.zip: same weights, updater
     * state, counters and data order. A run that died before its first checkpoint starts again from the
     * beginning, in the same folder, with its config.yaml. What the run wrote after its checkpoint (metrics
     * rows, temporary files) is dropped. Another run's checkpoint is refused before anything in the folder changes.
     *
     * @param overrides --set assignments: only training.* may change
     * @param fromFile  the experiment file given with --config (which must agree with the run's), or null
     */
    public Result resume(RunFolder folder, List<String> overrides, Experiment fromFile) {
        RunInfo previous = Files.exists(folder.file(RunFolder.RUN)) ? RunInfo.readFrom(folder) : null;
        Experiment runConfig = folder.config();
        Path last = folder.checkpoints().resolve(RunFolder.LAST);
        Checkpoint.Loaded checkpoint = null;
        if (Files.exists(last)) {
            checkpoint = Checkpoint.read(last);
            Resumption.requireOwn(last, checkpoint, previous, runConfig);
        }
        Path best = folder.checkpoints().resolve(RunFolder.BEST);
        if (Files.exists(best)) {
            Checkpoint.Identity identity;
            try {
                identity = Checkpoint.readHeader(best).identity();
            } catch (RuntimeException damaged) {
                identity = null; // replaced as the run resumes (Checkpointing.agreeWithBest)
            }
            Resumption.requireOwn(best, identity, previous);
        } else if (runConfig == null) {
            throw new InvalidInputException(folder.dir() + ": no checkpoints/last.zip and no config.yaml, so nothing to"
                    + " resume; start a new run with dlx train --config");
        }
        Experiment experiment = Resumption.experiment(checkpoint != null ? checkpoint.experiment() : runConfig,
                overrides, fromFile);
        checkPlacement(experiment);
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), options.baseDir());
        checkFits(experiment, data);
        if (previous != null && previous.datasetFingerprint() != null
                && !previous.datasetFingerprint().equals(data.fingerprint())) {
            throw new InvalidInputException(folder.dir() + ": the data changed since the run started (fingerprint "
                    + previous.datasetFingerprint() + ", now " + data.fingerprint() + "); start a new run instead");
        }
        TrainingState state = checkpoint != null ? checkpoint.state() : TrainingState.START;
        if (checkpoint != null && checkpoint.experiment().training().epochs() != experiment.training().epochs()) {
            Optimizers.stretchToRun(checkpoint.network(), experiment, Trainer.iterationsPerEpoch(experiment, data));
        }
        try (RunLog ignored = RunLog.attach(folder.file(RunFolder.LOG))) {
            CsvRows.keepUpTo(folder.file(RunFolder.METRICS), state.epochsCompleted());
            CsvRows.keepUpTo(folder.file(RunFolder.STEPS), state.iteration());
            CsvRows.keepUpTo(folder.file(RunFolder.LAYERS), state.iteration());
            Files.deleteIfExists(folder.file(RunFolder.SUMMARY)); // it told how the run ended; it goes on
            folder.removeTemporaryFiles().forEach(tmp -> LOG.info("removed {}, left by a process that was killed", tmp));
            TrainingState start = Checkpointing.agreeWithBest(folder, state);
            folder.writeAtomically(RunFolder.CONFIG, ExperimentFile.toYaml(experiment));
            RunInfo info = (previous != null ? previous.resumed(RunInfo.now(), state, RunProcess.current())
                    : firstRecord(folder, experiment, data))
                    .withProgress(start.epochsCompleted(), start.bestEpoch() == 0 ? null : start.bestEpoch());
            info.writeTo(folder);
            training = folder;
            if (checkpoint == null && previous != null) {
                options.console().println("no checkpoint had been saved: the run starts again from the beginning");
            }
            LOG.info("run {} resumed from epoch {}, iteration {}: {}", folder.id(), state.epochsCompleted(),
                    state.iteration(), String.join(" ", options.commandLine()));
            String backend = options.placement().backend().id();
            if (previous != null && previous.backend() != null
                    && !previous.backend().toLowerCase(Locale.ROOT).startsWith(backend)) {
                // checkpoints are backend-free (ND4J's stream format): moving between CPU and GPU is expected
                LOG.info("resumed on {}; until now it trained on {} ({})", backend, previous.backend(), previous.device());
            }
            MultiLayerNetwork restored = checkpoint == null ? null : checkpoint.network();
            return recordingFailure(folder, experiment, () -> train(experiment, data, folder, info, restored != null ? restored
                    : NetworkFactory.build(experiment, Trainer.iterationsPerEpoch(experiment, data)), start));
        } catch (IOException e) {
            throw new UncheckedIOException(folder.dir() + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private RunInfo firstRecord(RunFolder folder, Experiment experiment, LoadedData data) {
        return RunInfo.starting(folder.id(), experiment.name(), options.commandLine(), experiment.seed(), data.fingerprint());
    }

    /**
     * A run that throws still says so in run.json; running out of memory (the JVM's, JavaCPP's or the GPU's) becomes
     * a message that says what to change, and DL4J's memory crash dump lands in the run folder rather than the
     * working directory. Checkpoints already written stay as they are: each was renamed into place whole.
     */
    private Result recordingFailure(RunFolder folder, Experiment experiment, java.util.function.Supplier<Result> training) {
        System.setProperty("org.deeplearning4j.crash.reporting.directory", folder.dir().toString());
        try {
            return training.get();
        } catch (OutOfMemoryError | RuntimeException e) {
            LOG.error("run failed", e);
            RuntimeException failure = failure(e, experiment, options.placement());
            recordFailure(folder, failure);
            throw failure;
        }
    }

    /** The error to report: memory running out says what to change (batch size, model size, limits); others as they are. */
    static RuntimeException failure(Throwable e, Experiment experiment, Placement placement) {
        String sizes = String.format(Locale.ROOT, "training.batch_size (now %d) or the model's size (%,d parameters)",
                experiment.training().batchSize(), ModelSummary.totalParameters(experiment.model()));
        if (e instanceof OutOfMemoryError) {
            return new RunFailedException("out of memory (" + e.getMessage() + "); lower " + sizes
                    + ", or raise the limits in DLX_JAVA_OPTS"
                    + " (-Xmx, -Dorg.bytedeco.javacpp.maxbytes, -Dorg.bytedeco.javacpp.maxphysicalbytes)", e);
        }
        if (placement.backend() == Backend.CUDA && GpuMemory.exhausted(e)) {
            return new RunFailedException("out of GPU memory on " + placement.describe().replaceFirst("^cuda on ", "")
                    + " (" + GpuMemory.detail(e) + "); lower " + sizes, e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    /**
     * Best effort: when the disk is full, run.json cannot be rewritten either; it then still says
     * running, which readers show as crashed once this process is gone. The original error is what
     * the user needs to see, so it is never replaced by this one.
     */
    private static void recordFailure(RunFolder folder, RuntimeException failure) {
        try {
            RunInfo.readFrom(folder).ended(RunStatus.FAILED, RunInfo.now(), failure.getMessage()).writeTo(folder);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.error("could not record the failure in run.json", e);
        }
    }

    private Result train(Experiment experiment, LoadedData data, RunFolder folder, RunInfo info,
                         MultiLayerNetwork network, TrainingState start) {
        Placement placement = options.placement();
        Hardware hardware = Hardware.of(placement);
        info = info.withModel(hardware.backend(), hardware.device(), hardware.driver(),
                Nd4j.getEnvironment().maxThreads(), network.numParams());
        info.writeTo(folder);
        LOG.info("network: {} parameters; {}; {}, {} threads{}", network.numParams(),
                placement.announcement() != null ? placement.announcement() : "backend " + placement.describe(),
                info.device(), info.threads(), info.driver() == null ? "" : ", NVIDIA driver " + info.driver());
        List<Integer> slow = NetworkFactory.layersWithoutFastPath(network);
        if (!slow.isEmpty() && placement.backend() == Backend.CPU) {
            LOG.warn("layers {} run without DL4J's oneDNN helper: convolutions train about 5x slower", slow);
        } else if (!slow.isEmpty()) {
            LOG.info("layers {} run on DL4J's own GPU code: 1.0.0-M2.1 has no cuDNN layer helpers", slow);
        }
        if (!Kernels.layersWithKernel(network).isEmpty()) {
            int threads = Kernels.threads(System.getenv(Kernels.THREADS_ENV), Runtime.getRuntime().availableProcessors());
            Kernels.useThreads(threads);
            LOG.info("dlx's kernels: {} BLAS threads for their large products ({})", threads, Kernels.THREADS_ENV);
        }
        List<Integer> stock = Kernels.layersWithoutKernel(network);
        if (Kernels.chosen(experiment.model().kernels(), Nd4j.getBackend().getClass().getName()) && !stock.isEmpty()) {
            LOG.warn("layers {} run DL4J's implementation, not dlx's kernels: they train several times slower", stock);
        }
        options.console().print(ModelSummary.table(experiment.model()));
        options.console().printf(Locale.ROOT, "run %s: %,d parameters, %,d training examples, on %s%n",
                folder.dir(), network.numParams(), data.train().rows(), placement.describe());

        RunListeners listeners = RunListeners.of(experiment, data, folder, info, options.console(), options.interactive());
        trainer = new Trainer(experiment, network, data, start, listeners.all(), System::nanoTime, placement.devices());
        if (interruptedBeforeStart) {
            interrupt();
        }
        Outcome outcome = trainer.fit();
        LOG.info("training ended: {}{}", outcome.status(), outcome.message() == null ? "" : " - " + outcome.message());

        // best.zip is the truth about the best epoch: what summary.json and run.json say is read from it
        Integer bestEpoch = Checkpointing.epochInBest(folder);
        Map<String, Double> test = bestEpoch == null ? null : testScores(experiment, data, folder);
        int epochs = trainer.context().state().epochsCompleted();
        MetricsCsv metrics = listeners.metrics();
        Summary summary = new Summary(folder.id(), outcome.status(), epochs, experiment.training().checkpoint().best().toString(),
                bestEpoch, metrics.last(), bestEpoch == null ? null : metrics.epoch(bestEpoch), test, metrics.secondsPerEpoch());
        // run.json first: a kill in between leaves no summary.json that says the run ended while run.json says running
        listeners.record().info().withProgress(epochs, bestEpoch).ended(outcome.status(), RunInfo.now(), outcome.message())
                .writeTo(folder);
        summary.writeTo(folder);
        drawPlots(folder);
        return new Result(folder, outcome, summary);
    }

    /** Scores best.zip's weights on the test split and writes eval-test.json; null when there is nothing to score. */
    private Map<String, Double> testScores(Experiment experiment, LoadedData data, RunFolder folder) {
        Path best = folder.checkpoints().resolve(RunFolder.BEST);
        if (data.test().rows() == 0) {
            return null;
        }
        Checkpoint.Loaded loaded = Checkpoint.read(best);
        EvalReport report = EvalReport.of(loaded.network(), experiment, data, "test",
                RunFolder.CHECKPOINTS + "/" + RunFolder.BEST);
        folder.writeJson(RunFolder.evaluation("test"), report);
        return report.headline();
    }

    /** Plots and the report help the user but are not the run: a failure to draw is a warning, not a failed run. */
    private void drawPlots(RunFolder folder) {
        try {
            RunPlots.write(folder.dir());
            RunReport.write(folder.dir());
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            LOG.warn("could not draw the run's plots or report", e);
            options.console().println("dlx: warning: could not draw the run's plots or report.html (" + e
                    + "); the run itself is complete");
        }
    }

    /**
     * Layer statistics hook into one network, and ftrl reads the weights of one: ParallelWrapper's copies on other
     * GPUs would not report, nor hand ftrl theirs.
     */
    private void checkPlacement(Experiment experiment) {
        if (options.placement().devices() > 1 && experiment.training().record() != null) {
            throw new InvalidInputException("training.record: layer statistics are recorded on one device; drop"
                    + " training.record or train with --gpus 1");
        }
        if (options.placement().devices() > 1 && experiment.optimizer() instanceof dlx.config.OptimizerConfig.Ftrl) {
            throw new InvalidInputException("optimizer.type: ftrl reads the weights it updates, which the copies of the"
                    + " network on other GPUs do not hand it; train with --gpus 1 or another optimizer.type");
        }
    }

    private static void checkFits(Experiment experiment, LoadedData data) {
        experiment.model().requireClasses(data.classNames());
        long features = experiment.model().inputShape().size();
        if (features != data.train().featureCount()) {
            throw new ConfigException("model.input", experiment.model().inputShape() + " holds " + features
                    + " values but each example has " + data.train().featureCount() + " features");
        }
        // an embedding reads the data as token ids: DL4J would fail in the middle of an epoch
        experiment.model().embeddingVocab().ifPresent(vocab -> {
            data.train().requireTokenIds(vocab, "the training split");
            data.validation().requireTokenIds(vocab, "the validation split");
        });
    }
}
