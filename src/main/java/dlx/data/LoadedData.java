package dlx.data;

import dlx.config.Task;
import java.util.List;

/**
 * A data set split, normalised and ready to train on.
 *
 * @param train       the training examples, in seeded shuffled order
 * @param validation  held out of the training file by the seeded split; 0 rows when validation_split is 0
 * @param test        the source's test set (t10k, test_path) or the seeded test_split hold-out
 * @param inputShape  [height, width, channels] for images, [featureCount] for tabular data
 * @param classes     number of classes; 0 for regression
 * @param classNames  the name of each class index; empty for regression
 * @param fingerprint "sha256:&lt;hex&gt;" of the data files' bytes (synthetic: of what generated the data)
 * @param preprocessing what was done to the examples, fitted on train: checkpoints carry it for dlx predict
 */
public record LoadedData(Split train, Split validation, Split test, List<Integer> inputShape, Task task,
                         int classes, List<String> classNames, String fingerprint, Preprocessing preprocessing) {

    public LoadedData {
        inputShape = List.copyOf(inputShape);
        classNames = List.copyOf(classNames);
    }
}
