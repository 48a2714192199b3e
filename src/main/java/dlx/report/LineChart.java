package dlx.report;

import dlx.run.RunFolder;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A line chart of one or more series, saved as PNG or SVG (by the file's extension), atomically. */
public final class LineChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** Past this many points a line needs no markers: they would only blur it. */
    private static final int MARKER_LIMIT = 60;
    /** A log axis spanning at most this ratio is labelled between its decades too. */
    static final double FEW_DECADES = 100;
    /** What a legend entry takes besides its label: the line sample and the padding around it. */
    private static final int LEGEND_ENTRY_EXTRA = 50;

    static {
        // Charts are drawn off-screen: no display is needed, on a server or in CI.
        System.setProperty("java.awt.headless", "true");
    }

    private LineChart() {
    }

    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series) {
        write(file, title, xLabel, yLabel, series, false);
    }

    /** @param logY a logarithmic y axis, on which points at or below 0 are left out */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        save(file, chart(title, xLabel, yLabel, series, logY));
    }

    /** Any chart, or a {@link ChartGrid} of them, as PNG or SVG by the file's extension. */
    static void save(Path file, IChart chart) {
        boolean svg = file.getFileName().toString().endsWith(".svg");
        RunFolder.writeAtomically(file, out -> {
            if (svg) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }

    /** The chart as PNG bytes, for pages that embed their pictures. */
    public static byte[] png(String title, String xLabel, String yLabel, List<Series> series) {
        return png(chart(title, xLabel, yLabel, series, false));
    }

    static byte[] png(IChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static XYChart chart(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).theme(Styler.ChartTheme.GGPlot2).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setLegendVisible(series.size() > 1)
                .setChartBackgroundColor(Color.WHITE);
        if (legendWidth(chart.getStyler().getLegendFont(), series) > WIDTH) {
            // XChart does not wrap a legend: entries that do not fit side by side would be cut off at the edges
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        }
        chart.getStyler().setYAxisLogarithmic(logY);
        numberTicks(chart);
        List<Series> drawn = series.stream().map(s -> logY ? s.positive() : s).filter(s -> s.x().length > 0).toList();
        for (Series s : drawn) {
            var line = chart.addSeries(s.label(), s.x(), s.y());
            if (s.x().length > MARKER_LIMIT) {
                line.setMarker(SeriesMarkers.NONE);
            }
        }
        roundTicks(chart, drawn);
        if (logY) {
            setYRange(chart, series, true);
        }
        return chart;
    }

    /** Tick labels as people write numbers: 0.001 (not .001), 250, 1e-05; right-aligned, flush with their ticks. */
    static void numberTicks(XYChart chart) {
        chart.getStyler().setXAxisTickLabelsFormattingFunction(LineChart::tickLabel)
                .setYAxisTickLabelsFormattingFunction(LineChart::tickLabel)
                .setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
    }

    /** A tick's value in at most 6 significant digits, without trailing zeros; an exponent only far from 1. */
    static String tickLabel(Double value) {
        double v = value;
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        if (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e7) {
            String mantissa = rounded.unscaledValue().toString();
            int exponent = rounded.precision() - rounded.scale() - 1;
            String digits = mantissa.startsWith("-") ? mantissa.substring(1) : mantissa;
            return (v < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "")
                    + "e" + (exponent < 0 ? "-" : "") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return rounded.toPlainString();
    }

    /**
     * XChart puts the ticks of an axis whose data are equally spaced (epochs 1, 2, 3 …; iterations 50, 100 …) on
     * every k-th data value, so they started at 1 or 50 and read 50, 350, 650. An invisible point between the first
     * two values breaks that spacing, and XChart then puts its ticks at round multiples of its step.
     */
    private static void roundTicks(XYChart chart, List<Series> drawn) {
        double[] xs = drawn.stream().flatMapToDouble(s -> Arrays.stream(s.x())).distinct().sorted().toArray();
        double[] ys = drawn.stream().flatMapToDouble(s -> Arrays.stream(s.y())).filter(Double::isFinite).distinct().sorted()
                .toArray();
        if (xs.length < 2 || ys.length == 0) {
            return;
        }
        double y = ys.length > 1 ? (ys[0] + ys[1]) / 2 : ys[0];
        var hidden = chart.addSeries(" ", new double[] {(xs[0] + xs[1]) / 2}, new double[] {y});
        hidden.setMarker(SeriesMarkers.NONE).setLineColor(new Color(0, 0, 0, 0)).setShowInLegend(false);
    }

    /** The width of a legend with the entries side by side: each label and its line sample, in pixels. */
    private static double legendWidth(Font font, List<Series> series) {
        FontRenderContext context = new FontRenderContext(null, true, true);
        return series.stream().mapToDouble(s -> font.getStringBounds(s.label(), context).getWidth() + LEGEND_ENTRY_EXTRA).sum();
    }

    /** Viridis, reversed: 0 → yellow, 1 → dark purple, interpolated between five of its colours. */
    static Color viridis(double t) {
        int[][] stops = {{253, 231, 37}, {94, 201, 98}, {33, 145, 140}, {59, 82, 139}, {68, 1, 84}};
        double at = t * (stops.length - 1);
        int from = Math.min((int) at, stops.length - 2);
        double f = at - from;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = (int) Math.round(stops[from][c] + f * (stops[from + 1][c] - stops[from][c]));
        }
        return new Color(rgb[0], rgb[1], rgb[2]);
    }

    /**
     * Sets the y axis to span every point of {@code series} (which may be more than the chart shows, so
     * that panels share a range). XChart labels a logarithmic axis at powers of ten only, so there
     * the range is widened to whole decades.
     */
    static void setYRange(XYChart chart, List<Series> series, boolean logY) {
        double[] ys = series.stream().flatMapToDouble(s -> java.util.Arrays.stream((logY ? s.positive() : s).y())).toArray();
        if (ys.length == 0) {
            return;
        }
        double low = java.util.Arrays.stream(ys).min().getAsDouble();
        double high = java.util.Arrays.stream(ys).max().getAsDouble();
        if (logY) {
            double[] decades = decades(low, high);
            low = decades[0];
            high = decades[1];
            // a label at each decade; over two decades or fewer also at 2, 3 … 9 times each power of ten
            chart.getStyler().setYAxisLogarithmicDecadeOnly(high / low > FEW_DECADES);
        } else if (low == high) {
            return; // a flat line: XChart picks a range around it
        }
        chart.getStyler().setYAxisMin(low).setYAxisMax(high);
    }

    /** A logarithmic axis range from low to high (both > 0), widened to whole decades, at least one. */
    static double[] decades(double low, double high) {
        double from = Math.pow(10, Math.floor(Math.log10(low)));
        return new double[] {from, Math.max(Math.pow(10, Math.ceil(Math.log10(high))), from * 10)};
    }
}
