package dlx.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weight initializer: written {@code init: he}, or {@code init: {type: normal, std: 0.01}} when it
 * takes a parameter. Biases always start at 0.
 *
 * @param std   normal only: standard deviation
 * @param limit uniform only: weights drawn from [-limit, limit]
 * @param value constant only: every weight's value (required)
 */
public record InitConfig(String type, Double std, Double limit, Double value) {
    public static final List<String> TYPES = List.of("zeros", "constant", "normal", "uniform", "xavier",
            "xavier_uniform", "he", "he_uniform", "lecun");
    private static final Map<String, String> PARAMETER = Map.of("normal", "std", "uniform", "limit", "constant", "value");
    static final double DEFAULT_STD = 0.01;
    static final double DEFAULT_LIMIT = 0.05;

    @JsonCreator
    public static InitConfig named(String type) {
        return new InitConfig(type, null, null, null);
    }

    InitConfig resolve(String path) {
        Require.oneOf(path + ".type", type, TYPES);
        // each parameter belongs to one initializer
        String takes = PARAMETER.get(type);
        Map<String, Double> given = new LinkedHashMap<>();
        given.put("std", std);
        given.put("limit", limit);
        given.put("value", value);
        given.forEach((key, number) -> {
            if (number != null && !key.equals(takes)) {
                throw new ConfigException(path + "." + key, "not used by " + type
                        + (takes == null ? " (it takes no options)" : " (it takes: " + takes + ")"));
            }
        });
        return switch (type) {
            case "normal" -> new InitConfig(type, Require.positive(path + ".std", std == null ? DEFAULT_STD : std), null, null);
            case "uniform" -> new InitConfig(type, null,
                    Require.positive(path + ".limit", limit == null ? DEFAULT_LIMIT : limit), null);
            case "constant" -> {
                if (value == null || !Double.isFinite(value)) {
                    throw new ConfigException(path + ".value", "constant needs a finite value, e.g. {type: constant, value: 0.1}"
                            + ", got " + value);
                }
                yield this;
            }
            default -> this;
        };
    }

    /** The short form when there is nothing but the type, so resolved configs read like written ones. */
    @JsonValue
    Object written() {
        if (std == null && limit == null && value == null) {
            return type;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        if (std != null) {
            map.put("std", std);
        }
        if (limit != null) {
            map.put("limit", limit);
        }
        if (value != null) {
            map.put("value", value);
        }
        return map;
    }
}
