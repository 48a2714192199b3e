package dlx.report;

import dlx.run.RunFolder;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A line chart of one or more series, saved as PNG or SVG (by the file's extension), atomically. */
public final class LineChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** Past this many points a line needs no markers: they would only blur it. */
    private static final int MARKER_LIMIT = 60;

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
                .setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(logY);
        for (Series s : series) {
            Series drawn = logY ? s.positive() : s;
            if (drawn.x().length == 0) {
                continue;
            }
            var line = chart.addSeries(drawn.label(), drawn.x(), drawn.y());
            if (drawn.x().length > MARKER_LIMIT) {
                line.setMarker(SeriesMarkers.NONE);
            }
        }
        if (logY) {
            setYRange(chart, series, true);
        }
        return chart;
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
            low = Math.pow(10, Math.floor(Math.log10(low)));
            high = Math.max(Math.pow(10, Math.ceil(Math.log10(high))), low * 10);
        } else if (low == high) {
            return; // a flat line: XChart picks a range around it
        }
        chart.getStyler().setYAxisMin(low).setYAxisMax(high);
    }
}
