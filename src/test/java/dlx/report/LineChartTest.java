package dlx.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.internal.chartpart.TickLabels;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

class LineChartTest {
    private static List<Series> lines(String... labels) {
        return java.util.Arrays.stream(labels).map(l -> new Series(l, new double[] {1, 2}, new double[] {0.5, 0.6})).toList();
    }

    @Test
    void aLegendThatFitsStandsSideBySide() {
        var chart = LineChart.chart("t", "epoch", "val_accuracy", lines("sgd", "momentum", "adagrad", "adam"), false);
        assertThat(chart.getStyler().getLegendLayout()).isEqualTo(Styler.LegendLayout.Horizontal);
    }

    @Test
    void aLegendTooWideForTheChartIsStackedRatherThanCutOff() {
        String[] labels = IntStream.range(0, 5).mapToObj(i -> "trial-00" + i + " optimizer.lr=0.007873 regularization.l2=7.139e-06")
                .toArray(String[]::new);
        var chart = LineChart.chart("t", "epoch", "val_accuracy", lines(labels), false);
        assertThat(chart.getStyler().getLegendLayout()).isEqualTo(Styler.LegendLayout.Vertical);
    }

    /** Iterations 50, 100 … 1000 (every log_every steps) against a learning rate rising from 0.001. */
    private static List<Series> steps(double from, double by) {
        double[] x = IntStream.range(0, 20).mapToDouble(i -> 50 + 50 * i).toArray();
        double[] y = IntStream.range(0, 20).mapToDouble(i -> from + by * i).toArray();
        return List.of(new Series("lr", x, y));
    }

    @Test
    void tickLabelsAreWrittenAsPeopleWriteNumbers() {
        assertThat(LineChart.tickLabel(0.001)).isEqualTo("0.001");
        assertThat(LineChart.tickLabel(0.0014000000000000002)).isEqualTo("0.0014");
        assertThat(LineChart.tickLabel(250.0)).isEqualTo("250");
        assertThat(LineChart.tickLabel(-2.5)).isEqualTo("-2.5");
        assertThat(LineChart.tickLabel(0.0)).isEqualTo("0");
        assertThat(LineChart.tickLabel(1e-5)).isEqualTo("1e-05");
        assertThat(LineChart.tickLabel(2.5e-7)).isEqualTo("2.5e-07");

        var chart = LineChart.chart("t", "iteration", "lr", steps(0.001, 0.0004), false);
        assertThat(TickLabels.y(chart)).isNotEmpty().contains("0.001")
                .allSatisfy(label -> assertThat(label).doesNotStartWith(".").isEqualTo(label.strip()));
        assertThat(chart.getStyler().getYAxisLabelAlignment()).isEqualTo(AxesChartStyler.TextAlignment.Right);
    }

    @Test
    void xTicksFallOnRoundNumbersWhateverTheFirstIteration() {
        var chart = LineChart.chart("t", "iteration", "lr", steps(0.001, 0.0004), false);
        List<Double> ticks = TickLabels.x(chart).stream().map(Double::valueOf).toList();
        assertThat(ticks).hasSizeGreaterThan(2);
        double step = ticks.get(1) - ticks.get(0);
        assertThat(ticks).as("multiples of the step, so 100, 200 … or 0, 250, 500 …, not 50, 350, 650")
                .allSatisfy(t -> assertThat(t % step).isZero());
        assertThat(step).as("1, 2 or 5 times a power of ten").isIn(10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0);
    }

    @Test
    void aLogAxisIsLabelledAtEachDecadeAndBetweenThemWhenItSpansFew() {
        var wide = LineChart.chart("t", "iteration", "loss", List.of(new Series("loss",
                new double[] {1, 2, 3, 4, 5}, new double[] {0.8, 0.05, 0.004, 0.0003, 0.00002})), true);
        assertThat(TickLabels.y(wide)).containsExactly("1e-05", "0.0001", "0.001", "0.01", "0.1", "1");

        var narrow = LineChart.chart("t", "iteration", "loss", steps(0.3, 0.02), true);
        assertThat(TickLabels.y(narrow)).hasSizeGreaterThan(2).contains("0.1", "0.5", "1");
    }
}
