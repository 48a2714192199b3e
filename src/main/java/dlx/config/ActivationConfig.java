package dlx.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A non-linearity: written {@code activation: relu}, or {@code activation: {type: leaky_relu, alpha: 0.1}}
 * when it takes a parameter (the same two forms as {@link InitConfig}).
 *
 * @param alpha leaky_relu only: the slope for negative inputs (PyTorch's and DL4J's default when absent)
 */
public record ActivationConfig(String type, Double alpha) {
    public static final List<String> TYPES = List.of("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu",
            "swish", "softplus", "softmax", "identity");
    static final double DEFAULT_LEAKY_SLOPE = 0.01;

    @JsonCreator
    public static ActivationConfig named(String type) {
        return new ActivationConfig(type, null);
    }

    /** @param path the key holding this activation, e.g. {@code model.layers[0].activation} */
    ActivationConfig resolve(String path) {
        Require.oneOf(path, type, TYPES);
        if (!type.equals("leaky_relu")) {
            if (alpha != null) {
                throw new ConfigException(path + ".alpha", "not used by " + type + " (it takes no options)");
            }
            return this;
        }
        return new ActivationConfig(type, Require.nonNegative(path + ".alpha", alpha == null ? DEFAULT_LEAKY_SLOPE : alpha));
    }

    /** The short form when there is nothing but the type, so resolved configs read like written ones. */
    @JsonValue
    Object written() {
        if (alpha == null) {
            return type;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("alpha", alpha);
        return map;
    }

    @Override
    public String toString() {
        return alpha == null ? type : type + "(alpha " + alpha + ")";
    }
}
