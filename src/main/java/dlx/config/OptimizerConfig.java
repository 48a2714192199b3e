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
        OptimizerConfig.AmsGrad, OptimizerConfig.AdaDelta {
    /** The learning rate; null for a rule that has none. */
    Double lr();

    /** Whether the rule has a learning rate at all (adadelta derives its step sizes from the gradients). */
    default boolean hasLearningRate() {
        return true;
    }

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

    /** Zeiler's rule, which has no learning rate: its steps come from the ratio of past updates to past gradients. */
    @JsonTypeName("adadelta")
    @Variants.Lacks(key = "lr", because = "it has no learning rate (its step sizes come from the ratio of past updates"
            + " to past gradients); pick another type to set one")
    record AdaDelta(Double epsilon, Double rho) implements OptimizerConfig {
        @Override
        public AdaDelta resolve(String at) {
            return new AdaDelta(epsilonOf(at, epsilon, 1e-6), decayOf(at, "rho", rho, 0.95));
        }

        @Override
        public Double lr() {
            return null;
        }

        @Override
        public boolean hasLearningRate() {
            return false;
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
