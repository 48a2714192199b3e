package dlx.data;

import dlx.config.Normalization;
import java.util.Arrays;

/**
 * A per-feature map x -&gt; (x - offset) / divisor, fitted on the training split and applied unchanged to
 * the validation and test splits, so that no statistic of held-out data leaks into training, and saved in each
 * checkpoint so that {@code dlx predict} maps new examples as training did.
 * <ul>
 *   <li>scale, images: divide by 255;
 *   <li>scale, tabular: min-max to [0, 1] (a constant feature becomes 0);
 *   <li>standardize: zero mean, unit variance (a constant feature is only centred).
 * </ul>
 */
public record Normalizer(float[] offset, float[] divisor) {
    private static final float PIXEL_MAX = 255f;

    public Normalizer {
        if (offset == null || divisor == null || offset.length != divisor.length || offset.length == 0) {
            throw new IllegalArgumentException("a normalizer needs as many offsets as divisors, one per feature");
        }
    }

    public int featureCount() {
        return offset.length;
    }

    /** @param method scale or standardize ({@code none} needs no normalizer) */
    static Normalizer fit(Normalization method, Split train, boolean images) {
        return switch (method) {
            case SCALE -> images ? dividingBy(PIXEL_MAX, train.featureCount()) : minMax(train);
            case STANDARDIZE -> standardize(train);
            case NONE -> throw new IllegalArgumentException("normalize none needs no normalizer");
        };
    }

    private static Normalizer dividingBy(float divisor, int featureCount) {
        float[] divisors = new float[featureCount];
        Arrays.fill(divisors, divisor);
        return new Normalizer(new float[featureCount], divisors);
    }

    private static Normalizer minMax(Split train) {
        int width = train.featureCount();
        float[] min = new float[width];
        float[] max = new float[width];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        float[] x = train.features();
        for (int i = 0; i < x.length; i++) {
            int j = i % width;
            min[j] = Math.min(min[j], x[i]);
            max[j] = Math.max(max[j], x[i]);
        }
        float[] range = new float[width];
        for (int j = 0; j < width; j++) {
            // Dividing by infinity maps a constant feature to 0 in every split, not only in training.
            range[j] = max[j] > min[j] ? max[j] - min[j] : Float.POSITIVE_INFINITY;
        }
        return new Normalizer(min, range);
    }

    private static Normalizer standardize(Split train) {
        int width = train.featureCount();
        double[] sum = new double[width];
        double[] squares = new double[width];
        float[] x = train.features();
        for (int i = 0; i < x.length; i++) {
            sum[i % width] += x[i];
        }
        float[] mean = new float[width];
        for (int j = 0; j < width; j++) {
            mean[j] = (float) (sum[j] / train.rows());
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[i % width];
            squares[i % width] += d * d;
        }
        float[] std = new float[width];
        for (int j = 0; j < width; j++) {
            double population = Math.sqrt(squares[j] / train.rows()); // as scikit-learn's StandardScaler
            std[j] = population > 0 ? (float) population : 1;
        }
        return new Normalizer(mean, std);
    }

    /** Normalises the split's features in place: splits are fresh copies, and images are too big to copy twice. */
    void applyTo(Split split) {
        applyTo(split.features());
    }

    /** Normalises rows of {@code featureCount()} features in place. */
    public void applyTo(float[] x) {
        int width = offset.length;
        for (int i = 0; i < x.length; i++) {
            int j = i % width;
            x[i] = (x[i] - offset[j]) / divisor[j];
        }
    }
}
