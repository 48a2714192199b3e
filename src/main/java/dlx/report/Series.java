package dlx.report;

/** One line of a chart: a label and its points. */
public record Series(String label, double[] x, double[] y) {
}
