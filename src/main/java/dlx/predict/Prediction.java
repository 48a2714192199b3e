package dlx.predict;

import java.util.List;

/**
 * What the network says about one input.
 *
 * @param name        the input's name: a file name, "FILE[i]" in an IDX file, "line N"
 * @param passValues  the input's pass-through cells, in the order of {@link Predictions#passThrough()}
 * @param predicted   the predicted class name (per step: the steps' class names joined), or the predicted value
 * @param probability the predicted class's probability (per step: the least sure step's); null for regression
 * @param top         classification with one label: the K most likely classes, most likely first; else empty
 * @param steps       a model labelling every step: each step's class and its probability; else empty
 * @param label       the input's own answer, when it has one; else null
 */
public record Prediction(String name, List<String> passValues, String predicted, Float probability,
                         List<ClassProbability> top, List<ClassProbability> steps, String label) {

    /**
     * A class and the network's probability for it (its output, for an output that is not a probability), the float
     * the network computed.
     */
    public record ClassProbability(String name, float probability) {
    }

    /** Whether the prediction is right; null without a label or for regression. */
    public Boolean correct() {
        return label == null || probability == null ? null : label.equals(predicted);
    }
}
