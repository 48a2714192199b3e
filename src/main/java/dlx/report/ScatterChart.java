package dlx.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Points over two variables, each coloured by its score: where a sweep's trials lay and how well
 * they did. The scores fall into bands of equal width from the lowest to the highest, yellow to dark
 * purple (viridis: ordered by lightness, so the bands read in grey too); the key beside the plot lists
 * the highest band first. Saved as PNG or SVG (by the file's extension). A search narrowed from an earlier one
 * ({@code dlx sweep --narrow}) draws both: the earlier stage's trials as diamonds in the same colours, and the
 * narrowed range as a dashed box.
 */
public final class ScatterChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;
    private static final int MARKER_SIZE = 11;
    private static final int BANDS = 5;

    static {
        // Charts are drawn off-screen: no display is needed, on a server or in CI.
        System.setProperty("java.awt.headless", "true");
    }

    /** One point; {@code score} is null for a trial that has none (failed before its first epoch). */
    public record Point(double x, double y, Double score) {
    }

    /** An axis: its label, and whether it is logarithmic (points at or below 0 are then left out). */
    public record Axis(String label, boolean log) {
    }

    /** The range a narrowed search drew from: a box from (x0, y0) to (x1, y1). */
    public record Box(double x0, double x1, double y0, double y1) {
    }

    private ScatterChart() {
    }

    /** @param title names the score, which the key's ranges do not */
    public static void write(Path file, String title, Axis x, Axis y, List<Point> points) {
        write(file, title, x, y, points, List.of(), null);
    }

    /**
     * The legend's bands hold for both stages; the title should say which marker is which.
     *
     * @param earlier the trials of the stage this one narrows, drawn as diamonds (empty: none)
     * @param box     the range this stage drew from, drawn dashed, or null
     */
    public static void write(Path file, String title, Axis x, Axis y, List<Point> points, List<Point> earlier, Box box) {
        List<Point> shown = visible(points, x, y);
        List<Point> before = visible(earlier, x, y);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x.label())
                .yAxisTitle(y.label()).theme(Styler.ChartTheme.GGPlot2).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(MARKER_SIZE)
                .setLegendPosition(Styler.LegendPosition.OutsideE).setLegendLayout(Styler.LegendLayout.Vertical)
                .setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(x.log()).setYAxisLogarithmic(y.log());
        LineChart.numberTicks(chart);
        double[] scores = java.util.stream.Stream.concat(shown.stream(), before.stream()).filter(p -> p.score() != null)
                .mapToDouble(Point::score).toArray();
        double low = Arrays.stream(scores).min().orElse(0);
        double high = Arrays.stream(scores).max().orElse(0);
        int bands = low < high ? BANDS : 1;
        for (int b = bands - 1; b >= 0; b--) {
            int band = b;
            List<Point> in = shown.stream().filter(p -> p.score() != null && band(p.score(), low, high, bands) == band).toList();
            String range = bands == 1 ? String.format(Locale.ROOT, "%.3f", low) : String.format(Locale.ROOT,
                    "%.3f–%.3f", low + (high - low) * b / bands, low + (high - low) * (b + 1) / bands);
            if (!in.isEmpty()) {
                add(chart, range, in, SeriesMarkers.CIRCLE, LineChart.viridis(bands == 1 ? 1 : b / (bands - 1.0)));
            }
            List<Point> earlierIn = before.stream().filter(p -> p.score() != null
                    && band(p.score(), low, high, bands) == band).toList();
            if (!earlierIn.isEmpty()) {
                // a band only the earlier stage reached gets its line in the key, with the earlier stage's marker
                add(chart, in.isEmpty() ? range : "earlier " + b, earlierIn, SeriesMarkers.DIAMOND,
                        LineChart.viridis(bands == 1 ? 1 : b / (bands - 1.0))).setShowInLegend(in.isEmpty());
            }
        }
        List<Point> unscored = java.util.stream.Stream.concat(shown.stream(), before.stream())
                .filter(p -> p.score() == null).toList();
        if (!unscored.isEmpty()) {
            add(chart, "no score", unscored, SeriesMarkers.CROSS, Color.GRAY);
        }
        if (box != null) {
            XYSeries range = chart.addSeries("narrowed range", new double[] {box.x0(), box.x1(), box.x1(), box.x0(), box.x0()},
                    new double[] {box.y0(), box.y0(), box.y1(), box.y1(), box.y0()});
            // drawn last, over the points: XChart cannot put a series behind others
            range.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE)
                    .setLineColor(Color.DARK_GRAY).setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        // XChart labels a logarithmic axis at powers of ten only: the range spans whole decades
        List<Point> all = java.util.stream.Stream.concat(shown.stream(), before.stream()).toList();
        if (x.log() && !all.isEmpty()) {
            double[] decades = decades(all, Point::x);
            chart.getStyler().setXAxisMin(decades[0]).setXAxisMax(decades[1])
                    .setXAxisLogarithmicDecadeOnly(decades[1] / decades[0] > LineChart.FEW_DECADES);
        }
        if (y.log() && !all.isEmpty()) {
            double[] decades = decades(all, Point::y);
            chart.getStyler().setYAxisMin(decades[0]).setYAxisMax(decades[1])
                    .setYAxisLogarithmicDecadeOnly(decades[1] / decades[0] > LineChart.FEW_DECADES);
        }
        LineChart.save(file, chart);
    }

    /** The band of {@code score} among {@code bands} of equal width from low to high; high falls in the last. */
    static int band(double score, double low, double high, int bands) {
        if (!(low < high)) {
            return 0;
        }
        return Math.min(bands - 1, (int) ((score - low) / (high - low) * bands));
    }

    private static List<Point> visible(List<Point> points, Axis x, Axis y) {
        return points.stream().filter(p -> (!x.log() || p.x() > 0) && (!y.log() || p.y() > 0)).toList();
    }

    private static XYSeries add(XYChart chart, String label, List<Point> points, Marker marker, Color color) {
        XYSeries series = chart.addSeries(label, points.stream().mapToDouble(Point::x).toArray(),
                points.stream().mapToDouble(Point::y).toArray());
        series.setMarker(marker).setMarkerColor(color);
        return series;
    }

    private static double[] decades(List<Point> points, ToDoubleFunction<Point> coordinate) {
        DoubleSummaryStatistics values = points.stream().mapToDouble(coordinate).summaryStatistics();
        return LineChart.decades(values.getMin(), values.getMax());
    }
}
