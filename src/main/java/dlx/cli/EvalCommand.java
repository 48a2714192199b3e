package dlx.cli;

import dlx.InvalidInputException;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.eval.EvalReport;
import dlx.report.RunReport;
import dlx.run.Checkpoint;
import dlx.run.Json;
import dlx.run.RunFolder;
import dlx.run.RunFolderException;
import dlx.run.RunInfo;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a saved checkpoint on a data split: accuracy, macro F1, per-class scores and the confusion"
                + " matrix (classification) or MSE, MAE, RMSE and R² (regression). Inside a run folder the result is"
                + " also written to eval-<split>.json, and report.html shows it.",
        footer = {"", "Examples:",
                "  dlx eval --checkpoint runs/20261123-120000-quickstart            (its best.zip)",
                "  dlx eval --checkpoint runs/20261123-120000-quickstart/checkpoints/epoch-0003.zip --split val",
                "  dlx eval --checkpoint runs/20261123-120000-quickstart --json | jq .classification.accuracy",
                "  dlx eval --checkpoint runs/20261123-120000-trained-on-gpu --backend cpu"})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "RUN_DIR|FILE.zip",
            description = "A run folder (its checkpoints/best.zip, else last.zip) or a checkpoint file.")
    Path checkpoint;

    /** The data splits a checkpoint can be scored on. */
    enum Split { test, val, train }

    static final class Splits extends NamedValues<Split> {
        Splits() {
            super(Split.class);
        }
    }

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", converter = Splits.class,
            completionCandidates = Splits.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Split split;

    @Mixin
    JsonOption output;

    @Mixin
    BackendOptions backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        backend.announce(backend.place());
        Path file = checkpointFile(checkpoint);
        Checkpoint.Loaded loaded = Checkpoint.read(file);
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(),
                Path.of("").toAbsolutePath());
        Path runDir = file.toAbsolutePath().getParent().getParent();
        RunFolder folder = Files.isRegularFile(runDir.resolve(RunFolder.RUN)) ? RunFolder.open(runDir) : null;
        String trainedOn = folder == null ? null : RunInfo.readFrom(folder).datasetFingerprint();
        if (trainedOn != null && !trainedOn.equals(data.fingerprint())) {
            spec.commandLine().getErr().println("dlx: warning: the data changed since this run trained (fingerprint " + trainedOn
                    + ", now " + data.fingerprint() + "); these scores are on the new data");
        }
        EvalReport report = EvalReport.of(loaded.network(), loaded.experiment(), data, split.name(), file.toString());
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json ? Json.text(report) : report.table() + "\n"); // first: a folder that cannot be written loses no score
        out.flush();
        if (folder != null) {
            String saved = RunFolder.evaluation(split.name());
            try {
                folder.writeJson(saved, report);
                RunReport.write(folder.dir()); // the page shows the latest evaluation
            } catch (UncheckedIOException e) {
                throw new RunFolderException(folder.dir() + ": cannot save " + saved + " or " + RunFolder.REPORT + " ("
                        + (e.getCause() instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                        : e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                        + "); the scores above are not saved in the run folder", e);
            }
        }
        return ExitCodes.DONE;
    }

    /** A checkpoint file, or a run folder's best.zip, else its last.zip. */
    static Path checkpointFile(Path given) {
        if (Files.isDirectory(given)) {
            for (String name : new String[] {RunFolder.BEST, RunFolder.LAST}) {
                Path candidate = given.resolve(RunFolder.CHECKPOINTS).resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            throw new InvalidInputException(given + ": no checkpoints/best.zip or checkpoints/last.zip in this folder");
        }
        if (!Files.exists(given)) {
            throw new InvalidInputException(given + ": no such run folder or checkpoint file");
        }
        return given;
    }
}
