package dlx.report;

import java.util.stream.IntStream;

/** One line of a chart: a label and its points. */
public record Series(String label, double[] x, double[] y) {
    /** Only the points above 0: what a logarithmic axis can show. */
    Series positive() {
        int[] kept = IntStream.range(0, y.length).filter(i -> y[i] > 0).toArray();
        return new Series(label, IntStream.of(kept).mapToDouble(i -> x[i]).toArray(),
                IntStream.of(kept).mapToDouble(i -> y[i]).toArray());
    }
}
