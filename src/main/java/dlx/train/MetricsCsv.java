package dlx.train;

import dlx.config.Metric;
import dlx.run.RunFolder;
import java.nio.file.Files;
import java.util.Locale;

/** metrics.csv: one row per epoch — epoch, iteration, lr, the metrics, seconds, samples_per_s. */
public final class MetricsCsv implements LoopListener {
    public static final String FILE = "metrics.csv";
    private final RunFolder folder;

    public MetricsCsv(RunFolder folder) {
        this.folder = folder;
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (!Files.exists(folder.file(FILE))) {
            folder.appendLine(FILE, "epoch,iteration,lr," + String.join(",", r.metrics().keySet().stream().map(Metric::toString).toList()) + ",seconds,samples_per_s");
        }
        StringBuilder row = new StringBuilder().append(r.epoch()).append(',').append(r.iteration()).append(',').append(r.lr());
        r.metrics().values().forEach(v -> row.append(',').append(v));
        row.append(String.format(Locale.ROOT, ",%.3f,%.1f", r.seconds(), r.samplesPerSecond()));
        folder.appendLine(FILE, row.toString());
    }
}
