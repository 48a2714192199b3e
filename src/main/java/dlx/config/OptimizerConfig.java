package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The update rule. Each type takes only its own keys and starts from PyTorch's defaults (see
 * docs/optimization.md for each value's source).
 *
 * @param type     sgd | momentum | nesterov | adagrad | rmsprop | adam | adamax | nadam | amsgrad | adadelta
 * @param lr       the (initial) learning rate; a schedule scales it over time. adadelta has none
 * @param momentum momentum, nesterov: velocity decay (0.9)
 * @param beta1    adam, adamax, nadam, amsgrad: first-moment decay (0.9)
 * @param beta2    adam, adamax, nadam, amsgrad: second-moment decay (0.999)
 * @param epsilon  adagrad (1e-10), rmsprop (1e-8), adam family (1e-8), adadelta (1e-6): added to denominators
 * @param rho      rmsprop (0.99), adadelta (0.95): decay of the squared-gradient average
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizerConfig(String type, Double lr, Double momentum, Double beta1, Double beta2, Double epsilon,
                              Double rho) {

    /** One entry per optimizer: its default learning rate and the defaults of its own keys (null: not a key of it). */
    public enum Type {
        SGD("sgd", 0.01, null, null, null, null, null),
        MOMENTUM("momentum", 0.01, 0.9, null, null, null, null),
        NESTEROV("nesterov", 0.01, 0.9, null, null, null, null),
        ADAGRAD("adagrad", 0.01, null, null, null, 1e-10, null),
        RMSPROP("rmsprop", 0.01, null, null, null, 1e-8, 0.99),
        ADAM("adam", 0.001, null, 0.9, 0.999, 1e-8, null),
        ADAMAX("adamax", 0.002, null, 0.9, 0.999, 1e-8, null),
        NADAM("nadam", 0.002, null, 0.9, 0.999, 1e-8, null),
        AMSGRAD("amsgrad", 0.001, null, 0.9, 0.999, 1e-8, null),
        ADADELTA("adadelta", null, null, null, null, 1e-6, 0.95);

        public static final List<String> NAMES = Arrays.stream(values()).map(t -> t.configName).toList();

        final String configName;
        final OptimizerConfig defaults;

        Type(String name, Double lr, Double momentum, Double beta1, Double beta2, Double epsilon, Double rho) {
            this.configName = name;
            this.defaults = new OptimizerConfig(name, lr, momentum, beta1, beta2, epsilon, rho);
        }

        static Type named(String name) {
            return values()[NAMES.indexOf(name)];
        }

        /** Whether the rule has a learning rate at all (adadelta derives its step sizes from the gradients). */
        public boolean hasLearningRate() {
            return defaults.lr != null;
        }
    }

    private static final List<String> KEYS = List.of("momentum", "beta1", "beta2", "epsilon", "rho");

    public Type optimizerType() {
        return Type.named(type);
    }

    OptimizerConfig resolve(String at) {
        String name = Require.oneOf(at + ".type", type == null ? "adam" : type, Type.NAMES);
        OptimizerConfig d = Type.named(name).defaults;
        if (lr != null && d.lr == null) {
            throw new ConfigException(at + ".lr", "not used by " + name + ": it has no learning rate (its step"
                    + " sizes come from the ratio of past updates to past gradients); pick another type to set one");
        }
        List<String> used = new ArrayList<>();
        for (String key : KEYS) {
            if (value(d, key) != null) {
                used.add(key);
            }
        }
        for (String key : KEYS) {
            Require.onlyUsedKeys(at, name, used, key, value(this, key));
        }
        OptimizerConfig r = new OptimizerConfig(name, pick(lr, d.lr), pick(momentum, d.momentum), pick(beta1, d.beta1),
                pick(beta2, d.beta2), pick(epsilon, d.epsilon), pick(rho, d.rho));
        if (r.lr != null) {
            Require.positive(at + ".lr", r.lr);
        }
        if (r.momentum != null) {
            Require.fraction(at + ".momentum", r.momentum, true);
        }
        if (r.beta1 != null) {
            Require.fraction(at + ".beta1", r.beta1, true);
            Require.fraction(at + ".beta2", r.beta2, true);
        }
        if (r.epsilon != null) {
            Require.positive(at + ".epsilon", r.epsilon);
        }
        if (r.rho != null) {
            Require.fraction(at + ".rho", r.rho, true);
        }
        return r;
    }

    private static Double value(OptimizerConfig c, String key) {
        return switch (key) {
            case "momentum" -> c.momentum;
            case "beta1" -> c.beta1;
            case "beta2" -> c.beta2;
            case "epsilon" -> c.epsilon;
            case "rho" -> c.rho;
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static Double pick(Double given, Double fallback) {
        return given != null ? given : fallback;
    }
}
