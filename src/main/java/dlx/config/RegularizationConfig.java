package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Penalties and limits on the weights (not the biases) and on the gradients. 0 or absent turns each off.
 *
 * @param l1           coupled L1: adds l1 · Σ|w| to the loss
 * @param l2           coupled L2: adds l2/2 · ||w||² to the loss, so l2 · w to each weight's gradient
 * @param weightDecay  decoupled weight decay (AdamW, PyTorch's form): w ← w − lr · weight_decay · w after the update
 * @param gradientClip absent: no clipping
 * @param maxNorm      absent: no limit; otherwise each unit's incoming weight vector is rescaled to an L2 norm
 *                     of at most max_norm after every update
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegularizationConfig(Double l1, Double l2, Double weightDecay, GradientClip gradientClip, Double maxNorm) {

    /**
     * @param mode  what is clipped
     * @param value the threshold
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GradientClip(ClipBy mode, Double value) {
        GradientClip resolve(String at) {
            return new GradientClip(mode == null ? ClipBy.NORM : mode, Require.positive(at + ".value", value == null ? 1.0 : value));
        }
    }

    /** norm: rescale each layer's gradient to an L2 norm of at most the value; value: clip each element to ±value. */
    public enum ClipBy {
        NORM, VALUE;

        /** The name a config file uses. */
        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static RegularizationConfig none() {
        return new RegularizationConfig(null, null, null, null, null);
    }

    RegularizationConfig resolve(String at) {
        GradientClip clip = gradientClip == null ? null : gradientClip.resolve(at + ".gradient_clip");
        double rL2 = Require.nonNegative(at + ".l2", l2 == null ? 0.0 : l2);
        double rDecay = Require.nonNegative(at + ".weight_decay", weightDecay == null ? 0.0 : weightDecay);
        if (rL2 > 0 && rDecay > 0) {
            throw new ConfigException(at + ".weight_decay", "cannot be combined with l2 (two forms of the same"
                    + " shrinkage; DL4J keeps only one): set one of them to 0");
        }
        return new RegularizationConfig(Require.nonNegative(at + ".l1", l1 == null ? 0.0 : l1), rL2, rDecay, clip,
                maxNorm == null ? null : Require.positive(at + ".max_norm", maxNorm));
    }
}
