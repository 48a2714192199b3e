package dlx.train;

import dlx.run.CsvRows;
import dlx.run.RunFolder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * metrics.csv: one row per epoch — epoch, iteration, lr, the metrics, seconds, samples_per_s. It keeps the run's
 * rows in memory too, the epochs before a resume included, for the summary at the end.
 */
public final class MetricsCsv implements LoopListener {
    /** The columns that are not measurements of the network. */
    private static final List<String> BOOKKEEPING = List.of("epoch", "iteration", "lr", "seconds", "samples_per_s");
    private final RunFolder folder;
    private final List<Map<String, Double>> rows;

    /** Reads the rows a resumed run already has (trimmed to its checkpoint): they are epochs of the run too. */
    public MetricsCsv(RunFolder folder) {
        this.folder = folder;
        this.rows = new ArrayList<>(CsvRows.read(folder.file(RunFolder.METRICS)));
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        List<String> header = new ArrayList<>(List.of("epoch", "iteration", "lr"));
        r.metrics().keySet().forEach(m -> header.add(m.toString()));
        header.addAll(List.of("seconds", "samples_per_s"));
        List<Object> cells = new ArrayList<>(List.of(r.epoch(), r.iteration(), r.lr()));
        cells.addAll(r.metrics().values());
        cells.add(String.format(Locale.ROOT, "%.3f", r.seconds()));
        cells.add(String.format(Locale.ROOT, "%.1f", r.samplesPerSecond()));
        folder.appendRows(RunFolder.METRICS, header, List.of(cells));
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), String.valueOf(cells.get(i)));
        }
        rows.add(CsvRows.numbers(row)); // as written: the summary says what metrics.csv says
    }

    /** The metrics of the last finished epoch, or null before the first. */
    public Map<String, Double> last() {
        return rows.isEmpty() ? null : metricsOf(rows.get(rows.size() - 1));
    }

    /** The metrics of epoch {@code epoch} (1-based), or null when it has no row. */
    public Map<String, Double> epoch(int epoch) {
        return rows.stream().filter(r -> r.get("epoch") == epoch).findFirst().map(MetricsCsv::metricsOf).orElse(null);
    }

    /** The mean wall time of an epoch, evaluation included; null before the first. */
    public Double secondsPerEpoch() {
        return rows.isEmpty() ? null : rows.stream().mapToDouble(r -> r.get("seconds")).average().orElseThrow();
    }

    private static Map<String, Double> metricsOf(Map<String, Double> row) {
        Map<String, Double> metrics = new LinkedHashMap<>(row);
        BOOKKEEPING.forEach(metrics::remove);
        return metrics;
    }
}
