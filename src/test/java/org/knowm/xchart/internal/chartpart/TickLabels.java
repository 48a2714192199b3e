package org.knowm.xchart.internal.chartpart;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYChart;

/** The tick labels XChart draws, read after painting the chart: its axes are internal, so this lives in their package. */
public final class TickLabels {
    private TickLabels() {
    }

    public static List<String> x(XYChart chart) {
        paint(chart);
        return labels(((AxesChart<?, ?>) chart).getAxisPair().getXAxis().getAxisTickCalculator());
    }

    public static List<String> y(XYChart chart) {
        paint(chart);
        return labels(((AxesChart<?, ?>) chart).getAxisPair().getYAxis().getAxisTickCalculator());
    }

    /** The labels drawn: a logarithmic axis has unlabelled ticks too. */
    private static List<String> labels(AxisTickCalculator ticks) {
        return ticks.getTickLabels().stream().filter(Objects::nonNull).toList();
    }

    private static void paint(XYChart chart) {
        BufferedImage image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        chart.paint(graphics, chart.getWidth(), chart.getHeight());
        graphics.dispose();
    }
}
