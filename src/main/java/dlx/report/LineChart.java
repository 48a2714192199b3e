package dlx.report;

import dlx.run.RunFolder;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
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
        save(chart(title, xLabel, yLabel, series), file);
    }

    /** Writes any chart as PNG or SVG, by the file's extension, atomically. */
    static void save(XYChart chart, Path file) {
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
        try {
            return BitmapEncoder.getBitmapBytes(chart(title, xLabel, yLabel, series), BitmapEncoder.BitmapFormat.PNG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static XYChart chart(String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).theme(Styler.ChartTheme.GGPlot2).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setLegendVisible(series.size() > 1)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        for (Series s : series) {
            if (s.x().length == 0) {
                continue;
            }
            var line = chart.addSeries(s.label(), s.x(), s.y());
            if (s.x().length > MARKER_LIMIT) {
                line.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }
}
