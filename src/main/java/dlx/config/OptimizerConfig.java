package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * The update rule: one record per {@code type}, each with its own keys and PyTorch's defaults (see
 * docs/optimization.md for each value's source). {@code lr} is the (initial) learning rate, which a schedule
 * scales over time; {@code epsilon} is added to denominators; {@code beta1}, {@code beta2} are the decays of the
 * first and second moments, {@code rho} that of the squared-gradient average.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Variants.Default(OptimizerConfig.Adam.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface OptimizerConfig permits OptimizerConfig.Sgd, OptimizerConfig.Momentum, OptimizerConfig.Nesterov,
        OptimizerConfig.AdaGrad, OptimizerConfig.RmsProp, OptimizerConfig.Adam, OptimizerConfig.AdaMax, OptimizerConfig.Nadam,
        OptimizerConfig.AmsGrad, OptimizerConfig.AdaDelta, OptimizerConfig.Ftrl {
    /** The learning rate (for adadelta, a multiplier of its step), which a schedule scales. */
    Double lr();

    /** Checks every value and fills every default; {@code at} is the section's path, {@code optimizer}. */
    OptimizerConfig resolve(String at);

    /** Its name in a config file. */
    default String type() {
        return Variants.name(getClass());
    }

    /** Every type's name, in the order they are declared. */
    static List<String> types() {
        return Variants.names(OptimizerConfig.class);
    }

    @JsonTypeName("sgd")
    record Sgd(Double lr) implements OptimizerConfig {
        @Override
        public Sgd resolve(String at) {
            return new Sgd(lrOf(at, lr, 0.01));
        }
    }

    /** Heavy ball, PyTorch's SGD(momentum=…): v ← μ·v + g; w ← w − lr·v. */
    @JsonTypeName("momentum")
    record Momentum(Double lr, Double momentum) implements OptimizerConfig {
        @Override
        public Momentum resolve(String at) {
            return new Momentum(lrOf(at, lr, 0.01), decayOf(at, "momentum", momentum, 0.9));
        }
    }

    @JsonTypeName("nesterov")
    record Nesterov(Double lr, Double momentum) implements OptimizerConfig {
        @Override
        public Nesterov resolve(String at) {
            return new Nesterov(lrOf(at, lr, 0.01), decayOf(at, "momentum", momentum, 0.9));
        }
    }

    @JsonTypeName("adagrad")
    record AdaGrad(Double lr, Double epsilon) implements OptimizerConfig {
        @Override
        public AdaGrad resolve(String at) {
            return new AdaGrad(lrOf(at, lr, 0.01), epsilonOf(at, epsilon, 1e-10));
        }
    }

    @JsonTypeName("rmsprop")
    record RmsProp(Double lr, Double epsilon, Double rho) implements OptimizerConfig {
        @Override
        public RmsProp resolve(String at) {
            return new RmsProp(lrOf(at, lr, 0.01), epsilonOf(at, epsilon, 1e-8), decayOf(at, "rho", rho, 0.99));
        }
    }

    @JsonTypeName("adam")
    record Adam(Double lr, Double beta1, Double beta2, Double epsilon) implements OptimizerConfig, Moments {
        @Override
        public Adam resolve(String at) {
            return new Adam(lrOf(at, lr, 0.001), beta1Of(at, beta1), beta2Of(at, beta2), epsilonOf(at, epsilon, 1e-8));
        }
    }

    /** Adam with the infinity norm. */
    @JsonTypeName("adamax")
    record AdaMax(Double lr, Double beta1, Double beta2, Double epsilon) implements OptimizerConfig, Moments {
        @Override
        public AdaMax resolve(String at) {
            return new AdaMax(lrOf(at, lr, 0.002), beta1Of(at, beta1), beta2Of(at, beta2), epsilonOf(at, epsilon, 1e-8));
        }
    }

    /** Adam with Nesterov momentum (Dozat). */
    @JsonTypeName("nadam")
    record Nadam(Double lr, Double beta1, Double beta2, Double epsilon) implements OptimizerConfig, Moments {
        @Override
        public Nadam resolve(String at) {
            return new Nadam(lrOf(at, lr, 0.002), beta1Of(at, beta1), beta2Of(at, beta2), epsilonOf(at, epsilon, 1e-8));
        }
    }

    /** Adam that divides by the running maximum of v (Reddi et al.). */
    @JsonTypeName("amsgrad")
    record AmsGrad(Double lr, Double beta1, Double beta2, Double epsilon) implements OptimizerConfig, Moments {
        @Override
        public AmsGrad resolve(String at) {
            return new AmsGrad(lrOf(at, lr, 0.001), beta1Of(at, beta1), beta2Of(at, beta2), epsilonOf(at, epsilon, 1e-8));
        }
    }

    /**
     * Zeiler's rule: its step sizes come from the ratio of past updates to past gradients, and {@code lr} (1.0, as in
     * PyTorch and Keras) multiplies the step it takes without entering the averages.
     */
    @JsonTypeName("adadelta")
    record AdaDelta(Double lr, Double epsilon, Double rho) implements OptimizerConfig {
        @Override
        public AdaDelta resolve(String at) {
            return new AdaDelta(lrOf(at, lr, 1.0), epsilonOf(at, epsilon, 1e-6), decayOf(at, "rho", rho, 0.95));
        }
    }

    /**
     * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", 2013), as TensorFlow and Keras
     * compute it. Keras' names and defaults: {@code lr_power} (learning_rate_power, ≤ 0), {@code initial_accumulator}
     * (the starting sum of squared gradients, > 0), {@code l1} and {@code l2} (its own regularization strengths, applied
     * in closed form, so that l1 sets weights to exactly 0), {@code l2_shrinkage} (an L2 term on the gradient only) and
     * {@code beta}.
     */
    @JsonTypeName("ftrl")
    record Ftrl(Double lr, Double lrPower, Double initialAccumulator, Double l1, Double l2, Double l2Shrinkage,
                Double beta) implements OptimizerConfig {
        @Override
        public Ftrl resolve(String at) {
            double power = lrPower == null ? -0.5 : lrPower;
            if (!(power <= 0) || Double.isInfinite(power)) {
                throw new ConfigException(at + ".lr_power", "must be <= 0 (-0.5 divides each step by the root of the"
                        + " summed squared gradients), got " + lrPower);
            }
            return new Ftrl(lrOf(at, lr, 0.001), power,
                    Require.positive(at + ".initial_accumulator", initialAccumulator == null ? 0.1 : initialAccumulator),
                    Require.nonNegative(at + ".l1", l1 == null ? 0.0 : l1), Require.nonNegative(at + ".l2", l2 == null ? 0.0 : l2),
                    Require.nonNegative(at + ".l2_shrinkage", l2Shrinkage == null ? 0.0 : l2Shrinkage),
                    Require.nonNegative(at + ".beta", beta == null ? 0.0 : beta));
        }
    }

    /** The Adam family's keys: decays of the first and second moments, and epsilon. */
    interface Moments {
        Double beta1();

        Double beta2();

        Double epsilon();
    }

    private static double lrOf(String at, Double given, double fallback) {
        return Require.positive(at + ".lr", given == null ? fallback : given);
    }

    private static double epsilonOf(String at, Double given, double fallback) {
        return Require.positive(at + ".epsilon", given == null ? fallback : given);
    }

    /** momentum, beta1, beta2, rho: the weight of the past, in [0, 1). */
    private static double decayOf(String at, String key, Double given, double fallback) {
        return Require.fraction(at + "." + key, given == null ? fallback : given, true);
    }

    private static double beta1Of(String at, Double given) {
        return decayOf(at, "beta1", given, 0.9);
    }

    private static double beta2Of(String at, Double given) {
        return decayOf(at, "beta2", given, 0.999);
    }
}
