package dlx.data;

import java.util.List;

/**
 * What a run does to its data before the network sees it, saved in each checkpoint so that {@code dlx predict} maps
 * new inputs exactly as training mapped its own: the statistics come from the run's training split, never from the
 * new inputs.
 *
 * @param inputShape     one example as the source reads it: [height, width, 1] images, [features] tables,
 *                       [steps, features] generated sequences
 * @param featureColumns a CSV source's feature columns, in the order the network reads them; empty for other sources
 * @param labelColumn    a CSV source's label column; null for other sources
 * @param classNames     the name of each class index; empty for regression
 * @param normalizer     fitted on the training split; null for {@code normalize: none}
 */
public record Preprocessing(List<Integer> inputShape, List<String> featureColumns, String labelColumn,
                            List<String> classNames, Normalizer normalizer) {
    public Preprocessing {
        inputShape = List.copyOf(inputShape);
        featureColumns = featureColumns == null ? List.of() : List.copyOf(featureColumns);
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (normalizer != null && normalizer.featureCount() != size(inputShape)) {
            throw new IllegalArgumentException("a normalizer of " + normalizer.featureCount() + " features for inputs of "
                    + inputShape + " (" + size(inputShape) + " values)");
        }
    }

    /** Values per example. */
    public int featureCount() {
        return size(inputShape);
    }

    private static int size(List<Integer> shape) {
        return shape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }

    /** Normalises rows of {@link #featureCount()} raw features in place, as the training split was. */
    public void applyTo(float[] features) {
        if (normalizer != null) {
            normalizer.applyTo(features);
        }
    }
}
