package dlx.report;

import dlx.run.RecordedLayer;
import dlx.run.RunCatalog;
import dlx.run.StoredRun;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

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

    /** A run that recorded layer statistics, and how charts name it. */
    public record RecordedRun(String label, List<RecordedLayer> layers) {
    }

    /** The runs that recorded layer statistics, labelled by name or, when names repeat, by what differs. */
    public static List<RecordedRun> recorded(List<StoredRun> runs) {
        List<String> labels = RunCatalog.labels(runs);
        List<RecordedRun> recorded = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<RecordedLayer> layers = RecordedLayer.read(runs.get(i).dir());
            if (!layers.isEmpty()) {
                recorded.add(new RecordedRun(labels.get(i), layers));
            }
        }
        return recorded;
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
    private static List<Series> series(List<RecordedLayer> layers, String measure) {
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
    public static void write(Path file, List<RecordedRun> runs, String measure, boolean logY) {
        LineChart.save(file, panels(runs, measure, logY));
    }

    /** The same panels as PNG bytes, for pages that embed their pictures. */
    static byte[] png(List<RecordedRun> runs, String measure, boolean logY) {
        return LineChart.png(panels(runs, measure, logY));
    }

    private static IChart panels(List<RecordedRun> runs, String measure, boolean logY) {
        String title = "layers." + measure;
        if (runs.size() == 1) {
            return chart(runs.get(0).label() + ": " + title, series(runs.get(0).layers(), measure), measure, logY);
        }
        List<XYChart> charts = new ArrayList<>();
        List<Series> all = new ArrayList<>();
        for (RecordedRun run : runs) {
            List<Series> series = series(run.layers(), measure);
            all.addAll(series);
            charts.add(chart(run.label(), series, measure, logY));
        }
        charts.forEach(chart -> LineChart.setYRange(chart, all, logY));
        List<ChartGrid.Row> rows = new ArrayList<>();
        for (int from = 0; from < charts.size(); from += PANELS_PER_ROW) {
            rows.add(new ChartGrid.Row(from == 0 ? title : null,
                    charts.subList(from, Math.min(charts.size(), from + PANELS_PER_ROW))));
        }
        return new ChartGrid(title, rows, PANEL_WIDTH, PANEL_HEIGHT);
    }

    /**
     * A line per layer, coloured from the first layer (yellow) to the last (purple) so that depth reads
     * without the legend; the legend stands beside the plot, as deep networks have many layers.
     */
    private static XYChart chart(String title, List<Series> series, String measure, boolean logY) {
        XYChart chart = LineChart.chart(title, "iteration", measure, series, logY);
        chart.getStyler().setLegendVisible(true).setLegendPosition(Styler.LegendPosition.OutsideE)
                .setLegendLayout(Styler.LegendLayout.Vertical);
        List<XYSeries> lines = List.copyOf(chart.getSeriesCollection());
        for (int i = 0; i < lines.size(); i++) {
            Color color = LineChart.viridis(lines.size() == 1 ? 1 : i / (lines.size() - 1.0));
            lines.get(i).setMarker(SeriesMarkers.NONE).setMarkerColor(color);
            lines.get(i).setLineColor(color).setLineStyle(SeriesLines.SOLID);
        }
        return chart;
    }
}
