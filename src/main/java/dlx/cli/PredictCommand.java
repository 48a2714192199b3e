package dlx.cli;

import dlx.InvalidInputException;
import dlx.predict.Predictions;
import dlx.predict.Predictor;
import dlx.run.Checkpoint;
import dlx.run.RunFolder;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Apply a trained network to new inputs: one prediction per input (its name, the predicted class"
                + " and its probability, the top K classes, or the predicted value). Inputs take the form of the run's"
                + " data: a CSV file with the training file's feature columns (other columns are passed through; the"
                + " label column adds a 'correct' column); PNG or JPEG images, a folder of them or an IDX image file"
                + " (gray, resized to the training size); one generated example per line. The run's own normalisation,"
                + " saved in the checkpoint, is applied. Writes CSV, JSON with --json, or a short table on a terminal.",
        footer = {"", "Examples:",
                "  dlx predict --checkpoint runs/RUN --input datasets/fashion-mnist-png --top 3",
                "  dlx predict --checkpoint runs/RUN --input photo.jpg",
                "  dlx predict --checkpoint runs/RUN --input new-rows.csv --output predicted.csv",
                "  dlx predict --checkpoint runs/RUN/checkpoints/epoch-0003.zip --input bits.txt",
                "  dlx predict --checkpoint runs/RUN --input t10k-images-idx3-ubyte.gz --json",
                "", "RUN is a run folder's name, e.g. 20261123-120000-quickstart."})
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "RUN_DIR|FILE.zip",
            description = "A run folder (its checkpoints/best.zip, else last.zip) or a checkpoint file.")
    Path checkpoint;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A CSV file, an image, a folder of images, an IDX image file or a text file of examples.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the predictions to FILE (CSV, or JSON with --json) instead of stdout.")
    Path output;

    @Option(names = "--top", defaultValue = "1", paramLabel = "K",
            description = "Give the K most likely classes of each input with their probabilities (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "JSON instead of CSV.")
    boolean json;

    @Mixin
    BackendOptions backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new InvalidInputException("--top: must be at least 1, got " + top);
        }
        if (output != null && Files.isDirectory(output)) {
            throw new InvalidInputException("--output " + output + ": a folder; name a file to write");
        }
        if (output != null && output.toAbsolutePath().getParent() != null
                && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new InvalidInputException("--output " + output + ": no such folder " + output.toAbsolutePath().getParent());
        }
        backend.announce(backend.place());
        Path file = EvalCommand.checkpointFile(checkpoint);
        Checkpoint.Loaded loaded = Checkpoint.read(file);
        Predictions predictions = Predictor.predict(loaded, file, input, top, Path.of("").toAbsolutePath());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String note : predictions.notes()) {
            err.println("dlx: note: " + note);
        }
        String text = json ? predictions.json() : predictions.csv();
        if (output != null) {
            try {
                RunFolder.writeAtomically(output, stream -> stream.write(text.getBytes(StandardCharsets.UTF_8)));
            } catch (UncheckedIOException e) {
                throw new InvalidInputException("--output " + e.getMessage(), e);
            }
            out.println("wrote " + predictions.rows().size() + " predictions to " + output);
        } else if (!json && Terminal.interactive()) {
            out.print(predictions.table());
        } else {
            out.print(text);
        }
        out.flush();
        if (predictions.summary() != null) {
            err.println(predictions.summary());
        }
        return ExitCodes.DONE;
    }
}
