package dlx.report;

import dlx.config.ModelSummary;
import dlx.model.ActivationSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture of {@code dlx activations}: one row per variant (a config and its overrides), one
 * histogram per layer. The panels of a row share their axes, so layers compare at a glance.
 */
public final class ActivationHistograms {
    private static final int PANEL_WIDTH = 300;
    private static final int PANEL_HEIGHT = 230;

    private ActivationHistograms() {
    }

    /** One row of the picture: its heading and the sample it shows. */
    public record Row(String heading, ActivationSample sample) {
    }

    /**
     * The share of {@code values} in each of {@code bins} equal bins over [low, high]; a value on
     * the upper edge counts in the last bin, values outside the range in none.
     */
    static double[] histogram(float[] values, double low, double high, int bins) {
        double[] shares = new double[bins];
        double width = (high - low) / bins;
        for (float v : values) {
            if (v >= low && v <= high) {
                shares[Math.min(bins - 1, (int) ((v - low) / width))]++;
            }
        }
        for (int b = 0; b < bins; b++) {
            shares[b] /= Math.max(1, values.length);
        }
        return shares;
    }

    /** Writes the picture, PNG or SVG by the file's extension. */
    public static void write(Path file, List<Row> rows, int bins) {
        List<ChartGrid.Row> grid = new ArrayList<>();
        for (Row row : rows) {
            grid.add(new ChartGrid.Row(row.heading(), panels(row.sample(), bins)));
        }
        LineChart.save(file, new ChartGrid("activations", grid, PANEL_WIDTH, PANEL_HEIGHT));
    }

    /**
     * The x range is the activation's own where it is bounded (sigmoid [0, 1], tanh [-1, 1]), else
     * the row's smallest to largest value. ReLU outputs that are exactly 0 (about half of them) would
     * dwarf every other bar: they are left out of the bars and their share is given in the title.
     */
    private static List<XYChart> panels(ActivationSample sample, int bins) {
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (float[] values : sample.values()) {
            for (float v : values) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        List<double[]> histograms = new ArrayList<>();
        List<double[]> ranges = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < sample.layers().size(); i++) {
            String function = sample.layers().get(i).activation() == null ? "" : sample.layers().get(i).activation().type();
            float[] values = sample.values().get(i);
            double[] range = switch (function) {
                case "sigmoid" -> new double[] {0, 1};
                case "tanh" -> new double[] {-1, 1};
                default -> new double[] {low < 0 ? -roundUp(-low) : low, high > low ? roundUp(high) : low + 1};
            };
            double[] shares = histogram(values, range[0], range[1], bins);
            String title = "layer " + i + " " + ModelSummary.kind(sample.layers().get(i));
            if (function.equals("relu")) {
                double zeros = zeros(values);
                shares[0] -= zeros; // exact zeros all fall in the first bin
                title += String.format(Locale.ROOT, ", %.0f%% = 0", 100 * zeros);
            }
            histograms.add(shares);
            ranges.add(range);
            titles.add(title);
        }
        double top = histograms.stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        List<XYChart> charts = new ArrayList<>();
        for (int i = 0; i < histograms.size(); i++) {
            charts.add(chart(titles.get(i), histograms.get(i), ranges.get(i), top));
        }
        return charts;
    }

    /** Up to the next multiple of half a power of ten (1.42 → 1.5, 7.48 → 7.5), so that the axis gets round ticks. */
    private static double roundUp(double value) {
        if (value <= 0) {
            return value;
        }
        double step = Math.pow(10, Math.floor(Math.log10(value))) / 2;
        return Math.ceil(value / step) * step;
    }

    private static double zeros(float[] values) {
        int count = 0;
        for (float v : values) {
            if (v == 0) {
                count++;
            }
        }
        return count / (double) Math.max(1, values.length);
    }

    /** Bars as a filled step line: each bin's share held from its left edge to its right. */
    private static XYChart chart(String title, double[] shares, double[] range, double top) {
        int bins = shares.length;
        double[] x = new double[bins + 1];
        double[] y = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            x[b] = range[0] + (range[1] - range[0]) * b / bins;
            y[b] = shares[Math.min(b, bins - 1)];
        }
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).theme(Styler.ChartTheme.GGPlot2)
                .build();
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(top > 0 ? top * 1.05 : 1).setYAxisDecimalPattern("0.00")
                .setXAxisMin(range[0]).setXAxisMax(range[1]).setXAxisDecimalPattern("#0.####")
                .setXAxisTickMarkSpacingHint(70);
        XYSeries series = chart.addSeries("share", x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        series.setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
