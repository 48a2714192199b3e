package dlx.optim;

import dlx.config.RegularizationConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;

/** Puts the regularization section of a resolved config on DL4J's network-wide builder. */
public final class Regularization {
    /** The axis of a dense weight matrix [inputs, units] that holds one unit's incoming weights. */
    private static final int INCOMING_WEIGHTS = 0;

    private Regularization() {
    }

    public static NeuralNetConfiguration.Builder apply(NeuralNetConfiguration.Builder builder, RegularizationConfig config) {
        builder.l1(config.l1()).l2(config.l2());
        if (config.weightDecay() != null && config.weightDecay() > 0) {
            // applyLR = true: w ← w − lr·λ·w, as PyTorch's AdamW and SGD(weight_decay) with decoupling
            builder.weightDecay(config.weightDecay(), true);
        }
        if (config.gradientClip() != null) {
            builder.gradientNormalization(config.gradientClip().mode().equals("norm")
                            ? GradientNormalization.ClipL2PerLayer : GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(config.gradientClip().value());
        }
        if (config.maxNorm() != null) {
            builder.constrainWeights(new MaxNormConstraint(config.maxNorm(), INCOMING_WEIGHTS));
        }
        return builder;
    }
}
