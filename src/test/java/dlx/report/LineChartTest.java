package dlx.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
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
}
