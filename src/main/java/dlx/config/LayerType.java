package dlx.config;

import java.util.Arrays;
import java.util.List;

/**
 * The layer vocabulary. Each entry says which keys it takes, fills its defaults, infers its output
 * shape and counts its parameters; adding a layer type is one entry here and one in {@code dlx.model}.
 */
public enum LayerType {
    DENSE("dense", "units", "activation", "init") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return new LayerConfig(name, Require.positive(path + ".units", raw.units()), null, null, null, null,
                    activation(path, raw.activation(), context.defaults().activation()),
                    init(path, raw, context), null, null, null, null);
        }

        /** An image input is flattened first. */
        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            requireNotSequence(input, path);
            return Shape.of(layer.units());
        }

        @Override
        long parameters(LayerConfig layer, Shape input) {
            return weightsAndBiases(input.size(), layer.units());
        }
    },
    /** A dense layer with the loss: shaped and counted as one. */
    OUTPUT("output", "units", "activation", "loss", "init") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return output(raw, path, context);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            return DENSE.outputShape(layer, input, path);
        }

        @Override
        long parameters(LayerConfig layer, Shape input) {
            return DENSE.parameters(layer, input);
        }
    },
    /** An output layer applied at every time step: one prediction per step (many-to-many). */
    RNN_OUTPUT("rnn_output", "units", "activation", "loss", "init") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return output(raw, path, context);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            requireSequence(input, path);
            return Shape.of(input.timesteps(), layer.units());
        }

        @Override
        long parameters(LayerConfig layer, Shape input) {
            return weightsAndBiases(input.stepFeatures(), layer.units());
        }
    },
    /** Long short-term memory (DL4J's LSTM: no peepholes, forget-gate bias 1, sigmoid gates). */
    LSTM("lstm", "units", "activation", "init", "return_sequences") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return recurrent(raw, path);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            return recurrentOutput(layer, input, path);
        }

        /** Four gates, each a dense map of the step's input and the previous output, with a bias. */
        @Override
        long parameters(LayerConfig layer, Shape input) {
            return 4 * weightsAndBiases(input.stepFeatures() + layer.units(), layer.units());
        }
    },
    /** Elman's recurrent layer: h_t = activation(W x_t + R h_{t-1} + b). */
    SIMPLE_RNN("simple_rnn", "units", "activation", "init", "return_sequences") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return recurrent(raw, path);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            return recurrentOutput(layer, input, path);
        }

        /** One dense map of the step's input and the previous output, with a bias. */
        @Override
        long parameters(LayerConfig layer, Shape input) {
            return weightsAndBiases(input.stepFeatures() + layer.units(), layer.units());
        }
    },
    /** Token ids in, one learned vector per id out: input [timesteps, 1] of whole numbers below vocab. */
    EMBEDDING("embedding", "vocab", "units", "init") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            InitConfig init = raw.init() == null ? new InitConfig("normal", 1.0, null, null) : raw.init();
            return new LayerConfig(name, Require.positive(path + ".units", raw.units()), null, null, null, null, null,
                    init.resolve(path + ".init"), null, null, Require.positive(path + ".vocab", raw.vocab()), null);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            if (!input.isSequence() || input.stepFeatures() != 1) {
                throw new ConfigException(path, "reads one token id per time step: its input must be [timesteps, 1], got "
                        + input);
            }
            return Shape.of(input.timesteps(), layer.units());
        }

        /** One vector per token id, no bias. */
        @Override
        long parameters(LayerConfig layer, Shape input) {
            return (long) layer.vocab() * layer.units();
        }
    },
    CONV2D("conv2d", "filters", "kernel", "stride", "padding", "activation", "init") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return new LayerConfig(name, null, Require.positive(path + ".filters", raw.filters()),
                    Require.positive(path + ".kernel", raw.kernel()),
                    Require.positive(path + ".stride", raw.stride() == null ? 1 : raw.stride()),
                    padding(path, raw.padding()), activation(path, raw.activation(), context.defaults().activation()),
                    init(path, raw, context), null, null, null, null);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            return window(layer, input, path, layer.filters());
        }

        @Override
        long parameters(LayerConfig layer, Shape input) {
            long k = layer.kernel();
            return k * k * input.channels() * layer.filters() + layer.filters();
        }
    },
    MAXPOOL("maxpool", "kernel", "stride", "padding") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return pool(raw, path);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            return window(layer, input, path, input.isImage() ? input.channels() : 0);
        }
    },
    AVGPOOL("avgpool", "kernel", "stride", "padding") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return pool(raw, path);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            return window(layer, input, path, input.isImage() ? input.channels() : 0);
        }
    },
    GLOBAL_AVGPOOL("global_avgpool") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return LayerConfig.bare(name);
        }

        /** The mean over an image's height and width, or over a sequence's time steps. */
        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            if (input.isSequence()) {
                return Shape.of(input.stepFeatures());
            }
            requireImage(input, path);
            return Shape.of(input.channels());
        }
    },
    FLATTEN("flatten") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return LayerConfig.bare(name);
        }

        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            requireImage(input, path);
            return Shape.of((int) input.size());
        }
    },
    DROPOUT("dropout", "rate") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return new LayerConfig(name, null, null, null, null, null, null, null,
                    Require.fraction(path + ".rate", raw.rate() == null ? 0.5 : raw.rate(), false), null, null, null);
        }
    },
    BATCHNORM("batchnorm") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            return LayerConfig.bare(name);
        }

        /** DL4J M2.1's batch normalization fails on sequences at run time, so the config refuses them. */
        @Override
        Shape outputShape(LayerConfig layer, Shape input, String path) {
            requireNotSequence(input, path);
            return input;
        }

        /** Per channel after a conv layer, per unit otherwise: gamma, beta and the running mean and variance. */
        @Override
        long parameters(LayerConfig layer, Shape input) {
            return 4L * (input.isImage() ? input.channels() : input.size());
        }
    },
    ACTIVATION("activation", "activation") {
        @Override
        LayerConfig resolve(LayerConfig raw, String path, Context context) {
            if (raw.activation() == null) {
                throw new ConfigException(path + ".activation", "is required for an activation layer ("
                        + String.join(", ", ActivationConfig.TYPES) + ")");
            }
            return new LayerConfig(name, null, null, null, null, null, activation(path, raw.activation(), null),
                    null, null, null, null, null);
        }
    };

    public static final List<String> CLASSIFICATION_LOSSES = List.of("cross_entropy", "binary_cross_entropy", "hinge");
    public static final List<String> REGRESSION_LOSSES = List.of("mse", "mae", "sse");
    public static final List<String> LOSSES = List.of("cross_entropy", "binary_cross_entropy", "hinge", "mse", "mae", "sse");
    public static final List<String> NAMES = Arrays.stream(values()).map(t -> t.name).toList();
    private static final int DEFAULT_POOL = 2;

    /** What a layer's defaults depend on: the model's defaults and the data's task. */
    record Context(ModelConfig.Defaults defaults, String task) {
    }

    final String name;
    private final List<String> keys;

    LayerType(String name, String... keys) {
        this.name = name;
        this.keys = List.of(keys);
    }

    public boolean isRecurrent() {
        return this == LSTM || this == SIMPLE_RNN;
    }

    /** Whether a sequence can come in: the recurrent layers, rnn_output, and global_avgpool (over time). */
    boolean takesSequences() {
        return isRecurrent() || this == RNN_OUTPUT || this == GLOBAL_AVGPOOL;
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
        Require.onlyUsedKeys(path, name, keys, "filters", raw.filters());
        Require.onlyUsedKeys(path, name, keys, "kernel", raw.kernel());
        Require.onlyUsedKeys(path, name, keys, "stride", raw.stride());
        Require.onlyUsedKeys(path, name, keys, "padding", raw.padding());
        Require.onlyUsedKeys(path, name, keys, "activation", raw.activation());
        Require.onlyUsedKeys(path, name, keys, "init", raw.init());
        Require.onlyUsedKeys(path, name, keys, "rate", raw.rate());
        Require.onlyUsedKeys(path, name, keys, "loss", raw.loss());
        Require.onlyUsedKeys(path, name, keys, "vocab", raw.vocab());
        Require.onlyUsedKeys(path, name, keys, "return_sequences", raw.returnSequences());
        return resolve(raw, path, context);
    }

    abstract LayerConfig resolve(LayerConfig raw, String path, Context context);

    /**
     * The shape of one example after this layer, or a {@link ConfigException} at {@code path} when the layer
     * cannot take {@code input}. Layers without weights pass their input shape through.
     */
    Shape outputShape(LayerConfig layer, Shape input, String path) {
        return input;
    }

    /** Trainable and running-statistics values, counted the way DL4J's {@code numParams()} counts them. */
    long parameters(LayerConfig layer, Shape input) {
        return 0;
    }

    /** A dense map of {@code inputs} values to {@code units}: one weight per pair and one bias per unit. */
    private static long weightsAndBiases(long inputs, int units) {
        return inputs * units + units;
    }

    private static ActivationConfig activation(String path, ActivationConfig given, ActivationConfig fallback) {
        return (given == null ? fallback : given).resolve(path + ".activation");
    }

    private static InitConfig init(String path, LayerConfig raw, Context context) {
        return (raw.init() == null ? context.defaults().init() : raw.init()).resolve(path + ".init");
    }

    private static LayerConfig output(LayerConfig raw, String path, Context context) {
        boolean classification = context.task().equals("classification");
        String loss = Require.oneOf(path + ".loss",
                raw.loss() == null ? (classification ? "cross_entropy" : "mse") : raw.loss(), LOSSES);
        if (CLASSIFICATION_LOSSES.contains(loss) != classification) {
            throw new ConfigException(path + ".loss", loss + " does not fit a " + context.task() + " task (use "
                    + String.join(", ", classification ? CLASSIFICATION_LOSSES : REGRESSION_LOSSES) + ")");
        }
        ActivationConfig activation = activation(path, raw.activation(), ActivationConfig.named(switch (loss) {
            case "cross_entropy" -> "softmax";
            case "binary_cross_entropy" -> "sigmoid";
            default -> "identity";
        }));
        if (loss.equals("cross_entropy") && !activation.type().equals("softmax")) {
            throw new ConfigException(path + ".activation", "cross_entropy needs softmax, got " + activation
                    + " (for independent sigmoid outputs use loss binary_cross_entropy)");
        }
        int units = Require.positive(path + ".units", raw.units());
        if (!classification && units != 1) {
            throw new ConfigException(path + ".units", "a regression output has 1 unit (one target column), got " + units);
        }
        return new LayerConfig(raw.type(), units, null, null, null, null, activation, init(path, raw, context), null, loss,
                null, null);
    }

    /** tanh and Xavier unless the layer says otherwise: relu and He, the model's usual defaults, suit feed-forward layers. */
    private static LayerConfig recurrent(LayerConfig raw, String path) {
        return new LayerConfig(raw.type(), Require.positive(path + ".units", raw.units()), null, null, null, null,
                activation(path, raw.activation(), ActivationConfig.named("tanh")),
                (raw.init() == null ? InitConfig.named("xavier") : raw.init()).resolve(path + ".init"), null, null,
                null, raw.returnSequences());
    }

    private static Shape recurrentOutput(LayerConfig layer, Shape input, String path) {
        requireSequence(input, path);
        return Boolean.FALSE.equals(layer.returnSequences()) ? Shape.of(layer.units())
                : Shape.of(input.timesteps(), layer.units());
    }

    private static LayerConfig pool(LayerConfig raw, String path) {
        int kernel = Require.positive(path + ".kernel", raw.kernel() == null ? DEFAULT_POOL : raw.kernel());
        return new LayerConfig(raw.type(), null, null, kernel,
                Require.positive(path + ".stride", raw.stride() == null ? kernel : raw.stride()),
                padding(path, raw.padding()), null, null, null, null, null, null);
    }

    /** {@code valid}, {@code same} or a whole number >= 0 (written as a YAML number or text). */
    private static String padding(String path, String given) {
        if (given == null || given.equals("valid") || given.equals("same")) {
            return given == null ? "valid" : given;
        }
        try {
            int n = Integer.parseInt(given.strip());
            if (n >= 0) {
                return Integer.toString(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(path + ".padding", "'" + given + "' is not one of same, valid or a whole number >= 0");
    }

    private static void requireSequence(Shape input, String path) {
        if (!input.isSequence()) {
            throw new ConfigException(path, "needs a sequence input [timesteps, features], got " + input
                    + (input.isImage() ? " (model.input: [" + input.dims().get(0) + ", " + input.dims().get(1) * input.channels()
                    + "] reads an image's rows as time steps)" : ""));
        }
    }

    private static void requireNotSequence(Shape input, String path) {
        if (input.isSequence()) {
            throw new ConfigException(path, "needs features, got a sequence " + input + "; end the recurrent layer before"
                    + " it with return_sequences: false or a global_avgpool layer, or predict every step with rnn_output");
        }
    }

    private static void requireImage(Shape input, String path) {
        if (!input.isImage()) {
            throw new ConfigException(path, "needs an image input [height, width, channels], got " + input
                    + " (conv2d, pooling and flatten layers come before the first dense layer)");
        }
    }

    /**
     * A sliding window of side k and stride s over each spatial dimension: (n + 2p - k) / s + 1, which must
     * be whole and >= 1; with padding same, ceil(n / s).
     */
    private static Shape window(LayerConfig layer, Shape input, String path, int channels) {
        requireImage(input, path);
        int h = input.dims().get(0);
        int w = input.dims().get(1);
        int k = layer.kernel();
        int s = layer.stride();
        if (layer.samePadding()) {
            return Shape.of(ceilDiv(h, s), ceilDiv(w, s), channels);
        }
        int p = layer.paddingSize();
        String input2d = h + "x" + w;
        for (int n : new int[] {h, w}) {
            int span = n + 2 * p - k;
            if (span < 0) {
                throw new ConfigException(path + ".kernel", k + " does not fit input " + input2d + " with padding "
                        + layer.padding() + " (output would be " + (Math.floorDiv(span, s) + 1) + ")");
            }
            if (span % s != 0) {
                throw new ConfigException(path + ".stride", s + " does not tile input " + input2d + " with kernel " + k
                        + " and padding " + layer.padding() + " (output would be (" + n + " + 2*" + p + " - " + k + ") / "
                        + s + " + 1 = " + Math.round((span / (double) s + 1) * 100) / 100.0 + "); use padding same, or a kernel, stride or padding"
                        + " that fits");
            }
        }
        return Shape.of((h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1, channels);
    }

    private static int ceilDiv(int n, int d) {
        return (n + d - 1) / d;
    }
}
