package dlx.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An optimizer written on one line, {@code TYPE} or {@code TYPE:key=value,key=value} (e.g.
 * {@code momentum:lr=0.1,momentum=0.9}), with the keys of an experiment file's {@code optimizer:} block.
 * It is resolved and checked as that block is, so a bad value gets the same message.
 */
public final class OptimizerSpec {
    private OptimizerSpec() {
    }

    /** The resolved optimizer; a {@link ConfigException} naming {@code option}, the spec and the key otherwise. */
    public static OptimizerConfig parse(String option, String spec) {
        try {
            return read(spec);
        } catch (ConfigException e) {
            throw e.at(option + " " + spec + ": ");
        }
    }

    private static OptimizerConfig read(String spec) {
        int colon = spec.indexOf(':');
        String type = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        if (type.isEmpty()) {
            throw new ConfigException("optimizer.type", "missing: write TYPE or TYPE:key=value,…"
                    + " (e.g. momentum:lr=0.1,momentum=0.9); TYPE is one of "
                    + String.join(", ", Variants.names(OptimizerConfig.class)));
        }
        List<String> keys = Variants.of(OptimizerConfig.class).stream().flatMap(v -> Variants.keys(v).stream())
                .distinct().sorted().toList();
        ObjectNode section = JsonNodeFactory.instance.objectNode().put("type", type);
        for (String pair : colon < 0 ? new String[0] : spec.substring(colon + 1).split(",", -1)) {
            if (pair.isBlank()) {
                continue; // "sgd:" and a trailing comma say nothing
            }
            int equals = pair.indexOf('=');
            String key = (equals < 0 ? pair : pair.substring(0, equals)).trim();
            if (!keys.contains(key)) {
                throw new ConfigException("optimizer." + key, "unknown key" + DidYouMean.hint(key, keys)
                        + "; allowed here: " + String.join(", ", keys));
            }
            if (section.has(key)) {
                throw new ConfigException("optimizer." + key, "given twice");
            }
            String text = equals < 0 ? "" : pair.substring(equals + 1).trim();
            try {
                section.put(key, Double.parseDouble(text));
            } catch (NumberFormatException e) {
                throw new ConfigException("optimizer." + key, "expected a number, got '" + text + "'");
            }
        }
        return ExperimentFile.optimizer(section);
    }
}
