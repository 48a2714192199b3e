package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Penalties and limits on the weights (not the biases) and on the gradients. 0 or absent turns each off.
 *
 * @param l1           coupled L1: adds l1 · Σ|w| to the loss (0)
 * @param l2           coupled L2: adds l2/2 · ||w||² to the loss, so l2 · w to each weight's gradient (0)
 * @param weightDecay  decoupled weight decay (AdamW, PyTorch's form): w ← w − lr · weight_decay · w after the update (0)
 * @param gradientClip absent: no clipping
 * @param maxNorm      absent: no limit; otherwise each unit's incoming weight vector is rescaled to an L2 norm
 *                     of at most max_norm after every update
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegularizationConfig(Double l1, Double l2, Double weightDecay, GradientClip gradientClip, Double maxNorm) {

    /**
     * @param mode  norm: rescale each layer's gradient to an L2 norm of at most value; value: clip each
     *              element to [−value, value] (norm)
     * @param value the threshold (1.0)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GradientClip(String mode, Double value) {
        public static final List<String> MODES = List.of("norm", "value");
    }

    /** Only coupled L2, the form callers used before the other penalties existed. */
    public RegularizationConfig(Double l2) {
        this(null, l2, null, null, null);
    }

    RegularizationConfig resolve(String at) {
        GradientClip clip = null;
        if (gradientClip != null) {
            String p = at + ".gradient_clip";
            clip = new GradientClip(Require.oneOf(p + ".mode", gradientClip.mode() == null ? "norm" : gradientClip.mode(),
                    GradientClip.MODES),
                    Require.positive(p + ".value", gradientClip.value() == null ? 1.0 : gradientClip.value()));
        }
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
