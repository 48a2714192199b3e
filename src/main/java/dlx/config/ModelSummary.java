package dlx.config;

import java.util.List;
import java.util.Locale;

/**
 * A Keras-style table of the network: each layer with its type, output shape and parameter count, and the
 * total. Computed from the config alone, so {@code dlx config summary} needs no ND4J; the counts match
 * DL4J's {@code numParams()} (batchnorm counts its running mean and variance, as DL4J does).
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    public static long totalParameters(ModelConfig model) {
        return model.parameterCounts().stream().mapToLong(Long::longValue).sum();
    }

    public static String table(ModelConfig model) {
        List<Shape> shapes = model.shapes();
        List<Long> counts = model.parameterCounts();
        String row = "%-12s %-16s %-16s %,12d%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-12s %-16s %-16s %12s%n", "layer", "type", "output shape", "parameters"));
        out.append(String.format(Locale.ROOT, row, "input", "", model.inputShape().compact(), 0));
        for (int i = 0; i < shapes.size(); i++) {
            LayerConfig layer = model.layers().get(i);
            out.append(String.format(Locale.ROOT, row, "layers[" + i + "]", layer.summary(), shapes.get(i).compact(),
                    counts.get(i)));
        }
        out.append(String.format(Locale.ROOT, "%-46s %,12d%n", "total", totalParameters(model)));
        return out.toString();
    }

    /** The type and its activation, e.g. {@code dense/sigmoid} or {@code dropout}: how layers.csv and charts name a layer. */
    public static String kind(LayerConfig layer) {
        return layer.type() + (layer.activation() == null ? "" : "/" + layer.activation().type());
    }
}
