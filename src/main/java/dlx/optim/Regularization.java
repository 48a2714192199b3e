package dlx.optim;

import dlx.config.RegularizationConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;

/** Puts the regularization section of a resolved config on DL4J's network-wide builder. */
public final class Regularization {
    private Regularization() {
    }

    public static NeuralNetConfiguration.Builder apply(NeuralNetConfiguration.Builder builder, RegularizationConfig config) {
        return builder.l2(config.l2());
    }
}
