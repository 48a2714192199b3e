package dlx.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer written on one line, {@code TYPE} or {@code TYPE:key=value,key=value} (e.g.
 * {@code momentum:lr=0.1,momentum=0.9}), with the keys of an experiment file's {@code optimizer:} block.
 * It is resolved and checked as that block is, so a bad value gets the same message.
 */
public final class OptimizerSpec {
    private static final List<String> KEYS = List.of("lr", "momentum", "beta1", "beta2", "epsilon", "rho");

    private OptimizerSpec() {
    }

    /** The resolved optimizer; a {@link ConfigException} naming {@code option}, the spec and the key otherwise. */
    public static OptimizerConfig parse(String option, String spec) {
        try {
            return read(spec).resolve("optimizer");
        } catch (ConfigException e) {
            throw e.at(option + " " + spec + ": ");
        }
    }

    private static OptimizerConfig read(String spec) {
        int colon = spec.indexOf(':');
        String type = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        if (type.isEmpty()) {
            throw new ConfigException("optimizer.type", "missing: write TYPE or TYPE:key=value,…"
                    + " (e.g. momentum:lr=0.1,momentum=0.9); TYPE is one of " + String.join(", ", OptimizerConfig.Type.NAMES));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : colon < 0 ? new String[0] : spec.substring(colon + 1).split(",", -1)) {
            if (pair.isBlank()) {
                continue; // "sgd:" and a trailing comma say nothing
            }
            int equals = pair.indexOf('=');
            String key = (equals < 0 ? pair : pair.substring(0, equals)).trim();
            if (!KEYS.contains(key)) {
                throw new ConfigException("optimizer." + key, "unknown key" + DidYouMean.hint(key, KEYS)
                        + "; allowed here: " + String.join(", ", KEYS));
            }
            if (values.containsKey(key)) {
                throw new ConfigException("optimizer." + key, "given twice");
            }
            String text = equals < 0 ? "" : pair.substring(equals + 1).trim();
            try {
                values.put(key, Double.valueOf(text));
            } catch (NumberFormatException e) {
                throw new ConfigException("optimizer." + key, "expected a number, got '" + text + "'");
            }
        }
        return new OptimizerConfig(type, values.get("lr"), values.get("momentum"), values.get("beta1"),
                values.get("beta2"), values.get("epsilon"), values.get("rho"));
    }
}
