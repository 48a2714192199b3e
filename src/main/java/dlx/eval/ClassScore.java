package dlx.eval;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How well a classifier does on one class. A score whose denominator is zero is 0 (see
 * {@link ClassificationMetrics}).
 *
 * @param name      the class name
 * @param precision of the examples predicted as this class, the fraction that are
 * @param recall    of the examples of this class, the fraction predicted as it
 * @param f1        harmonic mean of precision and recall
 * @param support   number of examples of this class
 */
@JsonPropertyOrder({"name", "precision", "recall", "f1", "support"})
public record ClassScore(String name, double precision, double recall, double f1, int support) {
}
