package dlx.data;

import java.util.List;

/**
 * What a source read, before the seeded split and normalisation.
 *
 * @param train  the examples to split into training and validation (and test, when test is null)
 * @param test   the source's own test set, or null to hold out test_split of train
 * @param images         whether the features are 0..255 pixels, which scale divides by 255
 * @param featureColumns a CSV file's feature columns in the order of the features; empty for other sources
 */
record SourceData(Examples train, Examples test, List<Integer> inputShape, int classes, List<String> classNames,
                  String fingerprint, boolean images, List<String> featureColumns) {
}
