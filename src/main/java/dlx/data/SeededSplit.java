package dlx.data;

import java.util.Arrays;

/**
 * Row indices of one file dealt into test, validation and training parts by one seeded shuffle: the
 * first round(testFraction x n) shuffled rows are the test set, the next round(validationFraction x
 * the rest) the validation set, and the first trainLimit of what remains the training set.
 */
record SeededSplit(int[] test, int[] validation, int[] train) {
    private static final long STREAM = -1; // epochs use streams 0, 1, 2, ...

    static SeededSplit of(int rows, double testFraction, double validationFraction, Integer trainLimit, long seed) {
        int[] order = Permutation.shuffled(rows, Permutation.seedFor(seed, STREAM));
        int testRows = (int) Math.round(testFraction * rows);
        int validationRows = (int) Math.round(validationFraction * (rows - testRows));
        int trainRows = rows - testRows - validationRows;
        if (trainLimit != null) {
            trainRows = Math.min(trainRows, trainLimit);
        }
        int validationEnd = testRows + validationRows;
        return new SeededSplit(Arrays.copyOfRange(order, 0, testRows),
                Arrays.copyOfRange(order, testRows, validationEnd),
                Arrays.copyOfRange(order, validationEnd, validationEnd + trainRows));
    }
}
