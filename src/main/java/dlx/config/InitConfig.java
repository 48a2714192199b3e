package dlx.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weight initializer: written {@code init: he}, or {@code init: {type: normal, std: 0.01}} when it
 * takes a parameter.
 *
 * @param std   normal only: standard deviation (default 0.01)
 * @param limit uniform only: weights drawn from [-limit, limit] (default 0.05)
 */
public record InitConfig(String type, Double std, Double limit) {
    public static final List<String> TYPES = List.of("zeros", "normal", "uniform", "xavier", "he");

    @JsonCreator
    public static InitConfig named(String type) {
        return new InitConfig(type, null, null);
    }

    InitConfig resolve(String path) {
        Require.oneOf(path + ".type", type, TYPES);
        Require.onlyUsedKeys(path, type, type.equals("normal") ? List.of("std") : List.of(), "std", std);
        Require.onlyUsedKeys(path, type, type.equals("uniform") ? List.of("limit") : List.of(), "limit", limit);
        return switch (type) {
            case "normal" -> new InitConfig(type, Require.positive(path + ".std", std == null ? 0.01 : std), null);
            case "uniform" -> new InitConfig(type, null, Require.positive(path + ".limit", limit == null ? 0.05 : limit));
            default -> this;
        };
    }

    /** The short form when there is nothing but the type, so resolved configs read like written ones. */
    @JsonValue
    Object written() {
        if (std == null && limit == null) {
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
        return map;
    }
}
