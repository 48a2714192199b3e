package dlx.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dlx.InvalidInputException;
import dlx.config.Experiment;
import dlx.data.LoadedData;
import dlx.data.Split;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A checkpoint scored on one split: eval-&lt;split&gt;.json and what {@code dlx eval} prints.
 *
 * @param classification   accuracy, macro F1, per-class scores, confusion matrix; null for regression. Data
 *                         labelled at every step is scored per step: each labelled step is one example here
 * @param sequenceAccuracy data labelled at every step: the fraction of sequences with every step right; else null
 * @param regression       MSE, MAE, RMSE, R²; null for classification
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"checkpoint", "split", "examples", "loss", "sequence_accuracy", "classification", "regression"})
public record EvalReport(String checkpoint, String split, int examples, double loss,
                         @JsonProperty("sequence_accuracy") Double sequenceAccuracy,
                         ClassificationMetrics classification, RegressionMetrics regression) {

    public static EvalReport of(MultiLayerNetwork network, Experiment experiment, LoadedData data, String split,
                                String checkpoint) {
        Split examples = switch (split) {
            case "test" -> data.test();
            case "val" -> data.validation();
            case "train" -> data.train();
            default -> throw new InvalidInputException("--split: '" + split + "' is not one of test, val, train");
        };
        if (examples.rows() == 0) {
            throw new InvalidInputException("--split " + split + ": the " + split + " split is empty"
                    + (split.equals("val") ? " (data.validation_split is 0)" : ""));
        }
        // the config's input, not layer 0's nIn: a conv layer's nIn is its channel count
        long inputs = experiment.model().inputShape().size();
        if (inputs != examples.featureCount()) {
            throw new InvalidInputException(checkpoint + ": the network takes " + inputs + " inputs but the data has "
                    + examples.featureCount() + " features per example");
        }
        experiment.model().embeddingVocab().ifPresent(vocab -> examples.requireTokenIds(vocab, "the " + split + " split"));
        SplitEvaluation evaluation = SplitEvaluation.of(network, examples, experiment.model().outputLayer().units(),
                experiment.model().inputShape().sequenceLength(), experiment.model().outputLayer().loss());
        boolean classification = examples.labels() != null;
        Double sequences = classification && examples.labelSteps() > 1 ? evaluation.sequenceAccuracy(examples) : null;
        return new EvalReport(checkpoint, split, examples.rows(), evaluation.loss(), sequences,
                classification ? evaluation.classification(examples, data.classNames()) : null,
                classification ? null : evaluation.regression(examples));
    }

    /** The few numbers summary.json keeps. */
    public Map<String, Double> headline() {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("loss", loss);
        if (classification != null) {
            numbers.put("accuracy", classification.accuracy());
            numbers.put("macro_f1", classification.macroF1());
            if (sequenceAccuracy != null) {
                numbers.put("sequence_accuracy", sequenceAccuracy);
            }
        } else {
            numbers.put("mse", regression.mse());
            numbers.put("mae", regression.mae());
            numbers.put("rmse", regression.rmse());
            numbers.put("r2", regression.r2());
        }
        return numbers;
    }

    public String table() {
        return String.format(Locale.ROOT, "%s on the %s split (%d examples)%nloss      %.4f%n", checkpoint, split, examples, loss)
                + (sequenceAccuracy == null ? "" : String.format(Locale.ROOT,
                "sequence accuracy %.4f (sequences with every step right; the scores below count steps)%n", sequenceAccuracy))
                + (classification != null ? classification.table() : regression.table());
    }
}
