package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.List;

/**
 * The update rule. Each type takes only its own keys and starts from the literature's defaults.
 *
 * @param type     sgd | momentum | adagrad | rmsprop | adam
 * @param lr       the (initial) learning rate; a schedule scales it over time
 * @param momentum momentum: velocity decay (0.9)
 * @param beta1    adam: first-moment decay (0.9)
 * @param beta2    adam: second-moment decay (0.999)
 * @param epsilon  adagrad (1e-6), rmsprop (1e-8), adam (1e-8): added to denominators
 * @param rho      rmsprop: decay of the squared-gradient average (0.95)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizerConfig(String type, Double lr, Double momentum, Double beta1, Double beta2, Double epsilon,
                              Double rho) {

    /** One entry per optimizer: its default learning rate and the defaults of its own keys. */
    public enum Type {
        SGD("sgd", 0.01, null, null, null, null, null),
        MOMENTUM("momentum", 0.01, 0.9, null, null, null, null),
        ADAGRAD("adagrad", 0.01, null, null, null, 1e-6, null),
        RMSPROP("rmsprop", 0.001, null, null, null, 1e-8, 0.95),
        ADAM("adam", 0.001, null, 0.9, 0.999, 1e-8, null);

        public static final List<String> NAMES = Arrays.stream(values()).map(t -> t.configName).toList();

        final String configName;
        final OptimizerConfig defaults;

        Type(String name, double lr, Double momentum, Double beta1, Double beta2, Double epsilon, Double rho) {
            this.configName = name;
            this.defaults = new OptimizerConfig(name, lr, momentum, beta1, beta2, epsilon, rho);
        }

        static Type named(String name) {
            return values()[NAMES.indexOf(name)];
        }
    }

    public Type optimizerType() {
        return Type.named(type);
    }

    OptimizerConfig resolve(String at) {
        String name = Require.oneOf(at + ".type", type == null ? "adam" : type, Type.NAMES);
        OptimizerConfig d = Type.named(name).defaults;
        check(at, name, "momentum", momentum, d.momentum);
        check(at, name, "beta1", beta1, d.beta1);
        check(at, name, "beta2", beta2, d.beta2);
        check(at, name, "epsilon", epsilon, d.epsilon);
        check(at, name, "rho", rho, d.rho);
        OptimizerConfig r = new OptimizerConfig(name, pick(lr, d.lr), pick(momentum, d.momentum), pick(beta1, d.beta1),
                pick(beta2, d.beta2), pick(epsilon, d.epsilon), pick(rho, d.rho));
        Require.positive(at + ".lr", r.lr);
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

    private static void check(String at, String type, String key, Double given, Double typeDefault) {
        Require.onlyUsedKeys(at, type, typeDefault == null ? List.of() : List.of(key), key, given);
    }

    private static Double pick(Double given, Double fallback) {
        return given != null ? given : fallback;
    }
}
