package dlx.data;

/**
 * One split of examples, row-major: row {@code r} has its features at
 * {@code features[r * featureCount .. (r + 1) * featureCount)}. Exactly one of labels (the class index
 * of each row, classification) and targets (one value per row, regression) is non-null. A sequence
 * labelled at every step has {@code labelSteps} labels per row, row r's at
 * {@code labels[r * labelSteps .. (r + 1) * labelSteps)}.
 */
public record Split(float[] features, int rows, int featureCount, int[] labels, float[] targets, int labelSteps)
        implements Examples {

    public Split(float[] features, int rows, int featureCount, int[] labels, float[] targets) {
        this(features, rows, featureCount, labels, targets, 1);
    }

    public Split {
        if (labelSteps < 1 || labelSteps > 1 && labels == null) {
            throw new IllegalArgumentException("labels per step need classification labels, got " + labelSteps + " steps");
        }
        if (rows < 0 || featureCount <= 0 || features.length != (long) rows * featureCount) {
            throw new IllegalArgumentException(features.length + " features do not make " + rows + " rows of "
                    + featureCount);
        }
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("a split has either labels or targets");
        }
        int answers = labels != null ? labels.length : targets.length;
        if (answers != (long) rows * labelSteps) {
            throw new IllegalArgumentException(answers + " labels or targets for " + rows + " rows of " + labelSteps
                    + " steps");
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
            int[] pickedLabels = new int[rowIndices.length * labelSteps];
            for (int i = 0; i < rowIndices.length; i++) {
                System.arraycopy(labels, rowIndices[i] * labelSteps, pickedLabels, i * labelSteps, labelSteps);
            }
            return new Split(picked, rowIndices.length, featureCount, pickedLabels, null, labelSteps);
        }
        float[] pickedTargets = new float[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            pickedTargets[i] = targets[rowIndices[i]];
        }
        return new Split(picked, rowIndices.length, featureCount, null, pickedTargets);
    }

    /** Refuses features that are not whole numbers in [0, vocab): what an embedding layer reads as token ids. */
    public void requireTokenIds(int vocab, String what) {
        for (int i = 0; i < features.length; i++) {
            float id = features[i];
            if (id < 0 || id >= vocab || id != Math.rint(id)) {
                throw new DataException(what + ": row " + i / featureCount + " holds " + id + ", which is not a token id of"
                        + " the embedding's vocab " + vocab + " (whole numbers 0 to " + (vocab - 1) + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "Split[" + rows + " rows x " + featureCount + " features, "
                + (isClassification() ? "labels" : "targets") + "]";
    }
}
