package dlx.data;

import java.util.Arrays;

/**
 * One split of examples, row-major: row {@code r} has its features at
 * {@code features[r * featureCount .. (r + 1) * featureCount)}. Exactly one of labels (the class index
 * of each row, classification) and targets (one value per row, regression) is non-null.
 */
public record Split(float[] features, int rows, int featureCount, int[] labels, float[] targets)
        implements Examples {

    public Split {
        if (rows < 0 || featureCount <= 0 || features.length != (long) rows * featureCount) {
            throw new IllegalArgumentException(features.length + " features do not make " + rows + " rows of "
                    + featureCount);
        }
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("a split has either labels or targets");
        }
        int answers = labels != null ? labels.length : targets.length;
        if (answers != rows) {
            throw new IllegalArgumentException(answers + " labels or targets for " + rows + " rows");
        }
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** A copy of the given rows, in the given order. */
    @Override
    public Split select(int[] rowIndices) {
        float[] picked = new float[rowIndices.length * featureCount];
        for (int i = 0; i < rowIndices.length; i++) {
            System.arraycopy(features, rowIndices[i] * featureCount, picked, i * featureCount, featureCount);
        }
        if (labels != null) {
            int[] pickedLabels = new int[rowIndices.length];
            Arrays.setAll(pickedLabels, i -> labels[rowIndices[i]]);
            return new Split(picked, rowIndices.length, featureCount, pickedLabels, null);
        }
        float[] pickedTargets = new float[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            pickedTargets[i] = targets[rowIndices[i]];
        }
        return new Split(picked, rowIndices.length, featureCount, null, pickedTargets);
    }

    @Override
    public String toString() {
        return "Split[" + rows + " rows x " + featureCount + " features, "
                + (isClassification() ? "labels" : "targets") + "]";
    }
}
