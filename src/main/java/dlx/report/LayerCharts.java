package dlx.report;

import dlx.run.RecordedLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.IChart;

/** Charts of layers.csv: one line per layer against the iteration, one panel per run. */
public final class LayerCharts {
    /** Runs side by side, this many to a row. */
    private static final int PANELS_PER_ROW = 3;
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 480;

    /** What the report shows, in this order; norms and ratios span decades and get a logarithmic axis. */
    private static final List<String> REPORTED = List.of("grad_norm", "update_ratio", "act_mean", "act_std", "saturated",
            "dead");
    private static final List<String> LOGARITHMIC = List.of("grad_norm", "update_ratio");

    private LayerCharts() {
    }

    /** The report's charts of one run: one per measure that has values. */
    static List<byte[]> pngs(List<RecordedLayer> layers) {
        List<byte[]> pngs = new ArrayList<>();
        for (String measure : REPORTED) {
            List<Series> series = series(layers, measure);
            if (!series.isEmpty()) {
                pngs.add(LineChart.png(chart("layers." + measure, series, measure, LOGARITHMIC.contains(measure))));
            }
        }
        return pngs;
    }

    /** One line per layer that has values of {@code measure} (a column of layers.csv), against the iteration. */
    public static List<Series> series(List<RecordedLayer> layers, String measure) {
        List<Series> series = new ArrayList<>();
        for (RecordedLayer layer : layers) {
            List<Map<String, Double>> rows = layer.rows().stream()
                    .filter(r -> r.get(measure) != null && Double.isFinite(r.get(measure))).toList();
            if (!rows.isEmpty()) {
                series.add(new Series(layer.label(), rows.stream().mapToDouble(r -> r.get("iteration")).toArray(),
                        rows.stream().mapToDouble(r -> r.get(measure)).toArray()));
            }
        }
        return series;
    }

    /**
     * Writes one panel per run, titled by its label, all with the same y range so that the runs
     * compare at a glance; a single run is one chart of the usual size. PNG or SVG by the extension.
     */
    public static void write(Path file, List<String> labels, List<List<RecordedLayer>> runs, String measure, boolean logY) {
        LineChart.save(file, panels(labels, runs, measure, logY));
    }

    /** The same panels as PNG bytes, for pages that embed their pictures. */
    static byte[] png(List<String> labels, List<List<RecordedLayer>> runs, String measure, boolean logY) {
        return LineChart.png(panels(labels, runs, measure, logY));
    }

    private static IChart panels(List<String> labels, List<List<RecordedLayer>> runs, String measure, boolean logY) {
        String title = "layers." + measure;
        if (runs.size() == 1) {
            return chart(labels.get(0) + ": " + title, series(runs.get(0), measure), measure, logY);
        }
        List<XYChart> charts = new ArrayList<>();
        List<Series> all = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<Series> series = series(runs.get(i), measure);
            all.addAll(series);
            charts.add(chart(labels.get(i), series, measure, logY));
        }
        charts.forEach(chart -> LineChart.setYRange(chart, all, logY));
        List<ChartGrid.Row> rows = new ArrayList<>();
        for (int from = 0; from < charts.size(); from += PANELS_PER_ROW) {
            rows.add(new ChartGrid.Row(from == 0 ? title : null,
                    charts.subList(from, Math.min(charts.size(), from + PANELS_PER_ROW))));
        }
        return new ChartGrid(title, rows, PANEL_WIDTH, PANEL_HEIGHT);
    }

    /** A line per layer, with a legend even for one: which layer it is matters. */
    private static XYChart chart(String title, List<Series> series, String measure, boolean logY) {
        XYChart chart = LineChart.chart(title, "iteration", measure, series, logY);
        chart.getStyler().setLegendVisible(true);
        return chart;
    }
}
