package dlx.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts side by side that share their y range, so that one glance compares them: a panel per run (its
 * training and validation curves), or per value of a config key (the runs that share it). Lines in the same place of
 * each panel get the same colour. A panel may mark epochs with vertical dashed lines (the best epoch, the stop).
 */
public final class PanelChart {
    private static final int PER_ROW = 3;
    private static final int WIDTH = 560;
    private static final int HEIGHT = 420;
    private static final Color[] MARK_COLORS = {new Color(0, 120, 0), new Color(180, 0, 0), Color.DARK_GRAY};

    /** A vertical line at {@code x}, named in the legend. */
    public record Mark(String label, double x) {
    }

    public record Panel(String title, List<Series> series, List<Mark> marks) {
        public Panel {
            series = List.copyOf(series);
            marks = List.copyOf(marks);
        }
    }

    private PanelChart() {
    }

    /** PNG or SVG by the file's extension, atomically; one panel is one chart of its own title. */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Panel> panels, boolean logY) {
        LineChart.save(file, chart(title, xLabel, yLabel, panels, logY));
    }

    static IChart chart(String title, String xLabel, String yLabel, List<Panel> panels, boolean logY) {
        List<Series> all = panels.stream().flatMap(p -> p.series().stream()).toList();
        double[] ys = all.stream().flatMapToDouble(s -> Arrays.stream((logY ? s.positive() : s).y())).toArray();
        double low = Arrays.stream(ys).min().orElse(0);
        double high = Arrays.stream(ys).max().orElse(1);
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            String heading = panels.size() == 1 ? title + ": " + panel.title() : panel.title();
            XYChart chart = LineChart.chart(heading, xLabel, yLabel, panel.series(), logY);
            chart.getStyler().setLegendVisible(panel.series().size() + panel.marks().size() > 1);
            // a line's colour follows its place in the panel, drawn or not: a run without points (diverged at once)
            // must not hand its colour to the next line
            Color[] palette = chart.getStyler().getSeriesColors();
            for (int i = 0; i < panel.series().size(); i++) {
                var drawn = chart.getSeries(panel.series().get(i).label());
                if (drawn != null) {
                    drawn.setLineColor(palette[i % palette.length]);
                    drawn.setMarkerColor(palette[i % palette.length]);
                }
            }
            for (int m = 0; m < panel.marks().size(); m++) {
                Mark mark = panel.marks().get(m);
                var line = chart.addSeries(mark.label(), new double[] {mark.x(), mark.x()}, new double[] {low, high});
                line.setMarker(SeriesMarkers.NONE).setLineColor(MARK_COLORS[m % MARK_COLORS.length])
                        .setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                                new float[] {6, 4}, 0));
            }
            LineChart.setYRange(chart, all, logY);
            charts.add(chart);
        }
        if (charts.size() == 1) {
            return charts.get(0);
        }
        List<ChartGrid.Row> rows = new ArrayList<>();
        for (int from = 0; from < charts.size(); from += PER_ROW) {
            rows.add(new ChartGrid.Row(from == 0 ? title : null, charts.subList(from, Math.min(charts.size(), from + PER_ROW))));
        }
        return new ChartGrid(title, rows, WIDTH, HEIGHT);
    }
}
