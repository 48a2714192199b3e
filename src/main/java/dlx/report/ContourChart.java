package dlx.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Lines, each point marked, over the contour lines of a function of two variables, saved as PNG or SVG
 * (by the file's extension). XChart has no contour plot; {@link IsoLines} traces them.
 */
public final class ContourChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;
    /** Grid cells per axis: fine enough for smooth lines at this size, and quick. */
    private static final int CELLS = 200;
    private static final int LEVELS = 14;
    /** Past this many points a path's markers would hide it. */
    private static final int MARKER_LIMIT = 100;

    static {
        // Charts are drawn off-screen: no display is needed, on a server or in CI.
        System.setProperty("java.awt.headless", "true");
    }

    private ContourChart() {
    }

    /**
     * @param window {xMin, xMax, yMin, yMax}: the part of the plane shown
     * @param mark   a point drawn as a black cross (the minimum)
     * @param lines  the paths, in the legend by their labels
     */
    public static void write(Path file, String title, DoubleBinaryOperator function, double[] window, double[] mark,
                             List<Series> lines) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("x").yAxisTitle("y")
                .theme(Styler.ChartTheme.GGPlot2).build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisMin(window[0]).setXAxisMax(window[1]).setYAxisMin(window[2]).setYAxisMax(window[3]);
        styler.setPlotGridLinesVisible(false);
        styler.setPlotBackgroundColor(Color.WHITE).setChartBackgroundColor(Color.WHITE)
                .setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        IsoLines iso = new IsoLines(function, window, CELLS);
        double[] levels = iso.levels(LEVELS);
        for (int k = 0; k < levels.length; k++) {
            double[][] line = iso.at(levels[k]);
            if (line[0].length > 0) {
                XYSeries contour = chart.addSeries("f = " + levels[k], line[0], line[1]);
                contour.setMarker(SeriesMarkers.NONE).setShowInLegend(false);
                contour.setLineColor(Color.LIGHT_GRAY);
                contour.setLineStyle(new BasicStroke(0.8f));
            }
        }
        XYSeries minimum = chart.addSeries("minimum", new double[] {mark[0]}, new double[] {mark[1]});
        minimum.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        minimum.setMarker(SeriesMarkers.CROSS).setMarkerColor(Color.BLACK).setShowInLegend(false);
        // the theme's colours by hand: XChart hands them out per series, the contour lines included
        Color[] colors = chart.getStyler().getSeriesColors();
        for (int i = 0; i < lines.size(); i++) {
            Series s = lines.get(i);
            XYSeries path = chart.addSeries(s.label(), s.x(), s.y());
            path.setLineColor(colors[i % colors.length]);
            path.setMarkerColor(colors[i % colors.length]);
            path.setMarker(s.x().length > MARKER_LIMIT ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        LineChart.save(file, chart);
    }
}
