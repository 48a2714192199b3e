package dlx.config;

import java.util.Arrays;
import java.util.List;

/**
 * The layer vocabulary. Each entry says which keys it takes, fills its defaults and infers its output
 * shape; adding a layer type is one entry here and one in {@code dlx.model}.
 */
public enum LayerType {
    DENSE("dense", "units", "activation", "init") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return new LayerConfig(name, Require.positive(path + ".units", raw.units()),
                    activation(path, raw.activation(), context.defaults().activation()),
                    (raw.init() == null ? context.defaults().init() : raw.init()).resolve(path + ".init"), null, null);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input) {
            return Shape.of(layer.units());
        }
    },
    OUTPUT("output", "units", "activation", "loss", "init") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            boolean classification = context.task().equals("classification");
            String loss = Require.oneOf(path + ".loss",
                    raw.loss() == null ? (classification ? "cross_entropy" : "mse") : raw.loss(), LOSSES);
            boolean classificationLoss = loss.endsWith("cross_entropy");
            if (classificationLoss != classification) {
                throw new ConfigException(path + ".loss", loss + " does not fit a " + context.task() + " task"
                        + (classification ? " (use cross_entropy or binary_cross_entropy)" : " (use mse or mae)"));
            }
            String activation = activation(path, raw.activation(), switch (loss) {
                case "cross_entropy" -> "softmax";
                case "binary_cross_entropy" -> "sigmoid";
                default -> "identity";
            });
            if (loss.equals("cross_entropy") && !activation.equals("softmax")) {
                throw new ConfigException(path + ".activation", "cross_entropy needs softmax, got " + activation
                        + " (for independent sigmoid outputs use loss binary_cross_entropy)");
            }
            int units = Require.positive(path + ".units", raw.units());
            if (!classification && units != 1) {
                throw new ConfigException(path + ".units", "a regression output has 1 unit (one target column), got " + units);
            }
            return new LayerConfig(name, units, activation,
                    (raw.init() == null ? context.defaults().init() : raw.init()).resolve(path + ".init"), null, loss);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input) {
            return Shape.of(layer.units());
        }
    },
    DROPOUT("dropout", "rate") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return new LayerConfig(name, null, null, null,
                    Require.fraction(path + ".rate", raw.rate() == null ? 0.5 : raw.rate(), false), null);
        }
    },
    BATCHNORM("batchnorm") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return new LayerConfig(name, null, null, null, null, null);
        }
    },
    ACTIVATION("activation", "activation") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            if (raw.activation() == null) {
                throw new ConfigException(path + ".activation", "is required for an activation layer ("
                        + String.join(", ", ACTIVATIONS) + ")");
            }
            return new LayerConfig(name, null, activation(path, raw.activation(), null), null, null, null);
        }
    };

    public static final List<String> ACTIVATIONS =
            List.of("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax", "identity");
    public static final List<String> LOSSES = List.of("cross_entropy", "binary_cross_entropy", "mse", "mae");
    public static final List<String> NAMES = Arrays.stream(values()).map(t -> t.name).toList();

    /** What a layer's defaults depend on: the model's defaults and the data's task. */
    record Context(ModelConfig.Defaults defaults, String task) {
    }

    final String name;
    private final List<String> keys;

    LayerType(String name, String... keys) {
        this.name = name;
        this.keys = List.of(keys);
    }

    public String configName() {
        return name;
    }

    static LayerType named(String name) {
        for (LayerType type : values()) {
            if (type.name.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** Checks that only this type's keys are present, then fills its defaults. */
    LayerConfig resolveChecked(LayerConfig raw, String path, Context context) {
        Require.onlyUsedKeys(path, name, keys, "units", raw.units());
        Require.onlyUsedKeys(path, name, keys, "activation", raw.activation());
        Require.onlyUsedKeys(path, name, keys, "init", raw.init());
        Require.onlyUsedKeys(path, name, keys, "rate", raw.rate());
        Require.onlyUsedKeys(path, name, keys, "loss", raw.loss());
        return resolve(raw, path, context);
    }

    abstract LayerConfig resolve(LayerConfig raw, String path, Context context);

    /** Layers without weights pass their input shape through. */
    Shape outputShape(LayerConfig layer, Shape input) {
        return input;
    }

    private static String activation(String path, String given, String fallback) {
        return Require.oneOf(path + ".activation", given == null ? fallback : given, ACTIVATIONS);
    }
}
