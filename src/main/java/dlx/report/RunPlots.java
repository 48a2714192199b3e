package dlx.report;

import dlx.run.CsvRows;
import dlx.run.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plots every run leaves in plots/: loss.png (train and validation loss per epoch), accuracy.png
 * (or errors.png for regression: val_mae, val_rmse) and lr.png (the learning rate per logged
 * iteration), each also as SVG.
 */
public final class RunPlots {
    private RunPlots() {
    }

    public static void write(Path runDir) {
        List<Map<String, Double>> epochs = CsvRows.read(runDir.resolve(RunFolder.METRICS));
        if (epochs.isEmpty()) {
            return;
        }
        Path plots = runDir.resolve(RunFolder.PLOTS);
        try {
            Files.createDirectories(plots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String run = runDir.getFileName().toString();
        both(plots, "loss", run + ": loss", "epoch", "loss", columns(epochs, "epoch", "train_loss", "val_loss"));
        if (epochs.get(0).containsKey("train_accuracy")) {
            both(plots, "accuracy", run + ": accuracy", "epoch", "accuracy",
                    columns(epochs, "epoch", "train_accuracy", "val_accuracy"));
        } else if (epochs.get(0).containsKey("val_mae")) {
            both(plots, "errors", run + ": validation errors", "epoch", "error", columns(epochs, "epoch", "val_mae", "val_rmse"));
        }
        List<Map<String, Double>> steps = CsvRows.read(runDir.resolve(RunFolder.STEPS));
        both(plots, "lr", run + ": learning rate", steps.isEmpty() ? "epoch" : "iteration", "learning rate",
                steps.isEmpty() ? columns(epochs, "epoch", "lr") : columns(steps, "iteration", "lr"));
    }

    private static void both(Path plots, String name, String title, String x, String y, List<Series> series) {
        LineChart.write(plots.resolve(name + ".png"), title, x, y, series);
        LineChart.write(plots.resolve(name + ".svg"), title, x, y, series);
    }

    /** One series per named column that the rows have, against column {@code x}. */
    static List<Series> columns(List<Map<String, Double>> rows, String x, String... names) {
        List<Series> series = new ArrayList<>();
        for (String name : names) {
            List<Map<String, Double>> having = rows.stream().filter(r -> r.get(name) != null && !r.get(name).isNaN()).toList();
            if (!having.isEmpty()) {
                series.add(new Series(name, having.stream().mapToDouble(r -> r.get(x)).toArray(),
                        having.stream().mapToDouble(r -> r.get(name)).toArray()));
            }
        }
        return series;
    }
}
