package dlx.eval;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dlx.console.TextTable;
import java.util.Locale;

/**
 * Errors of a regressor over {@code count} examples.
 *
 * <p>R² is {@code 1 − SS_res / SS_tot}. When the actual values are all equal ({@code SS_tot = 0},
 * always so for one example) the ratio is undefined; like scikit-learn's {@code r2_score} with
 * {@code force_finite=True}, R² is then 1.0 for perfect predictions and 0.0 otherwise, so that the
 * JSON never holds NaN.
 *
 * @param mse   mean squared error
 * @param mae   mean absolute error
 * @param rmse  square root of the mse, in the units of the target
 * @param r2    coefficient of determination: 1 is perfect, 0 is no better than predicting the mean
 * @param count number of examples scored
 */
@JsonPropertyOrder({"mse", "mae", "rmse", "r2", "count"})
public record RegressionMetrics(double mse, double mae, double rmse, double r2, int count) {

    /**
     * Scores {@code predicted[i]} against {@code actual[i]}.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a value
     *                                  that is NaN or infinite
     */
    public static RegressionMetrics of(float[] actual, float[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " values but predicted has "
                    + predicted.length + "; they must pair up one to one");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("no values to score: actual and predicted are empty");
        }
        double sumActual = 0;
        for (int i = 0; i < actual.length; i++) {
            requireFinite("actual", i, actual[i]);
            requireFinite("predicted", i, predicted[i]);
            sumActual += actual[i];
        }
        double mean = sumActual / actual.length;
        double squaredErrors = 0;
        double absoluteErrors = 0;
        double squaredDeviations = 0;
        for (int i = 0; i < actual.length; i++) {
            double error = (double) predicted[i] - actual[i];
            squaredErrors += error * error;
            absoluteErrors += Math.abs(error);
            squaredDeviations += (actual[i] - mean) * (actual[i] - mean);
        }
        double mse = squaredErrors / actual.length;
        double r2 = squaredDeviations == 0
                ? (squaredErrors == 0 ? 1.0 : 0.0)
                : 1 - squaredErrors / squaredDeviations;
        return new RegressionMetrics(mse, absoluteErrors / actual.length, Math.sqrt(mse), r2, actual.length);
    }

    /** The scores one per line, for the console. */
    public String table() {
        return new TextTable()
                .row("mse", number(mse))
                .row("mae", number(mae))
                .row("rmse", number(rmse))
                .row("r2", number(r2))
                .row("count", String.valueOf(count))
                .render();
    }

    private static String number(double value) {
        // Targets can have any scale, so significant digits rather than fixed decimals.
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static void requireFinite(String array, int index, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(array + "[" + index + "] is " + value + "; metrics need finite values");
        }
    }
}
