package dlx.optim;

import dlx.config.RegularizationConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;

/** Puts the regularization section of a resolved config on DL4J's network-wide builder. */
public final class Regularization {
    /** The axis of a dense weight matrix [inputs, units] that holds one unit's incoming weights. */
    private static final int INCOMING_WEIGHTS = 0;
    /** How many times DL4J 1.0.0-M2.1 subtracts lr·coefficient·w in one update (measured, see RegularizationTest). */
    private static final double DL4J_WEIGHT_DECAY_APPLICATIONS = 2;

    private Regularization() {
    }

    public static NeuralNetConfiguration.Builder apply(NeuralNetConfiguration.Builder builder, RegularizationConfig config) {
        builder.l1(config.l1()).l2(config.l2());
        if (config.weightDecay() != null && config.weightDecay() > 0) {
            // applyLR: w ← w − lr·λ·w after the update, as PyTorch's AdamW. DL4J 1.0.0-M2.1 applies its
            // WeightDecay twice per update (RegularizationTest measures 2·lr·λ), hence λ/2.
            builder.weightDecay(config.weightDecay() / DL4J_WEIGHT_DECAY_APPLICATIONS, true);
        }
        if (config.gradientClip() != null) {
            builder.gradientNormalization(config.gradientClip().mode() == RegularizationConfig.ClipBy.NORM
                            ? GradientNormalization.ClipL2PerLayer : GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(config.gradientClip().value());
        }
        if (config.maxNorm() != null) {
            builder.constrainWeights(new MaxNormConstraint(config.maxNorm(), INCOMING_WEIGHTS));
        }
        return builder;
    }
}
