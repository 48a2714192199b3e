package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * One entry of {@code model.layers}: one record per {@code type}. Each record declares its keys (its
 * components), fills its defaults and checks its values ({@link #resolve}), works out its output shape from its
 * input's ({@link #outputShape}) and counts its parameters as DL4J's {@code numParams()} does. A new layer type is
 * one record here, its mapping in {@code dlx.model.NetworkFactory}, and a row in docs/model.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LayerConfig permits LayerConfig.Dense, LayerConfig.Prediction, LayerConfig.Recurrent,
        LayerConfig.Embedding, LayerConfig.Repeat, LayerConfig.Window, LayerConfig.GlobalAvgPool, LayerConfig.Flatten, LayerConfig.Dropout,
        LayerConfig.BatchNorm, LayerConfig.Activation {
    /** What a layer's defaults depend on: the model's defaults and the data's task. */
    record Context(ModelConfig.Defaults defaults, Task task) {
    }

    /** Its name in a config file. */
    default String type() {
        return Variants.name(getClass());
    }

    /** Checks every value and fills every default; {@code path} is the layer's, e.g. {@code model.layers[2]}. */
    LayerConfig resolve(String path, Context context);

    /**
     * The shape of one example after this layer, or a {@link ConfigException} at {@code path} when the layer
     * cannot take {@code input}. Layers without weights pass their input shape through.
     */
    default Shape outputShape(Shape input, String path) {
        return input;
    }

    /** Trainable and running-statistics values, counted the way DL4J's {@code numParams()} counts them. */
    default long parameters(Shape input) {
        return 0;
    }

    /** Its non-linearity, or null for a layer without one (dropout, pooling …). */
    default ActivationConfig activation() {
        return null;
    }

    /** Whether a sequence can come in: the recurrent layers, rnn_output, and global_avgpool (over time). */
    default boolean takesSequences() {
        return false;
    }

    /**
     * Whether its output has its input's shape, value for value (dropout, activation, batchnorm): a recurrent
     * layer before it passes on every step exactly when the layer after it takes a sequence.
     */
    default boolean keepsShape() {
        return false;
    }

    /** The type with its main size for the summary table, e.g. {@code conv2d 5x5} or {@code lstm, last}. */
    default String summary() {
        return type();
    }

    /** A fully connected layer; an image input (or a conv layer's output) is flattened first. */
    @JsonTypeName("dense")
    record Dense(Integer units, ActivationConfig activation, InitConfig init) implements LayerConfig {
        @Override
        public Dense resolve(String path, Context context) {
            return new Dense(Require.positive(path + ".units", units),
                    activationOf(path, activation, context.defaults().activation()), initOf(path, init, context));
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            requireNotSequence(input, path);
            return Shape.of(units);
        }

        @Override
        public long parameters(Shape input) {
            return weightsAndBiases(input.size(), units);
        }
    }

    /** The last layer: output or rnn_output, which hold the loss. */
    sealed interface Prediction extends LayerConfig permits Output, RnnOutput {
        Integer units();

        @Override
        ActivationConfig activation();

        InitConfig init();

        Loss loss();
    }

    /** The last layer of a network that predicts one label (or value) per example: a dense layer with the loss. */
    @JsonTypeName("output")
    record Output(Integer units, ActivationConfig activation, InitConfig init, Loss loss)
            implements Prediction {
        @Override
        public Output resolve(String path, Context context) {
            Loss l = lossOf(path, loss, context.task());
            int u = outputUnits(path, units, context.task());
            ActivationConfig a = outputActivation(path, activation, l, context.task(), u);
            return new Output(u, a, initOf(path, init, context), l);
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            requireNotSequence(input, path);
            return Shape.of(units);
        }

        @Override
        public long parameters(Shape input) {
            return weightsAndBiases(input.size(), units);
        }
    }

    /** An output layer applied at every time step: one prediction per step (many-to-many). */
    @JsonTypeName("rnn_output")
    record RnnOutput(Integer units, ActivationConfig activation, InitConfig init, Loss loss)
            implements Prediction {
        @Override
        public RnnOutput resolve(String path, Context context) {
            Loss l = lossOf(path, loss, context.task());
            int u = outputUnits(path, units, context.task());
            ActivationConfig a = outputActivation(path, activation, l, context.task(), u);
            return new RnnOutput(u, a, initOf(path, init, context), l);
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            requireSequence(input, path);
            return Shape.of(input.timesteps(), units);
        }

        @Override
        public long parameters(Shape input) {
            return weightsAndBiases(input.stepFeatures(), units);
        }

        @Override
        public boolean takesSequences() {
            return true;
        }
    }

    /**
     * lstm, gru and simple_rnn: they read a sequence and pass on every step or only the last; bidirectional ones
     * also read it backwards with weights of their own and merge the two directions' outputs.
     */
    sealed interface Recurrent extends LayerConfig permits Lstm, Gru, SimpleRnn {
        /** How a bidirectional layer merges its directions: side by side, or element by element. */
        List<String> MERGES = List.of("concat", "add", "mul", "average");

        Integer units();

        Boolean returnSequences();

        Boolean bidirectional();

        /** {@code concat}, {@code add}, {@code mul} or {@code average}; null for a layer that is not bidirectional. */
        String merge();

        LayerConfig withReturnSequences(boolean value);

        /** The parameters of one direction. */
        long parametersOneWay(Shape input);

        /** The values per step it passes on: twice the units for a bidirectional layer that concatenates. */
        default int outputUnits() {
            return "concat".equals(merge()) ? 2 * units() : units();
        }

        @Override
        default long parameters(Shape input) {
            return (bidirectional() ? 2 : 1) * parametersOneWay(input);
        }

        @Override
        default boolean takesSequences() {
            return true;
        }

        @Override
        default Shape outputShape(Shape input, String path) {
            requireSequence(input, path);
            return Boolean.FALSE.equals(returnSequences()) ? Shape.of(outputUnits()) : Shape.of(input.timesteps(), outputUnits());
        }

        /** e.g. {@code lstm}, {@code gru, last}, {@code bi-lstm, last} (concat) or {@code bi-gru add}. */
        @Override
        default String summary() {
            boolean both = bidirectional();
            return (both ? "bi-" : "") + Variants.name(getClass()) + (both && !"concat".equals(merge()) ? " " + merge() : "")
                    + (returnSequences() ? "" : ", last");
        }

        /** false unless given. */
        private static boolean bidirectional(Boolean given) {
            return Boolean.TRUE.equals(given);
        }

        /** concat for a bidirectional layer unless given; none for one that is not. */
        private static String merge(String path, Boolean bidirectional, String given) {
            if (!Boolean.TRUE.equals(bidirectional)) {
                if (given != null) {
                    throw new ConfigException(path + ".merge", "only a bidirectional layer merges directions: add"
                            + " bidirectional: true, or leave merge out");
                }
                return null;
            }
            return Require.oneOf(path + ".merge", given == null ? MERGES.get(0) : given, MERGES);
        }
    }

    /**
     * Long short-term memory (DL4J's LSTM: sigmoid gates, no peepholes, forget-gate bias 1). tanh and Xavier
     * unless the layer says otherwise: relu and He, the model's usual defaults, suit feed-forward layers.
     *
     * @param returnSequences true passes on the output of every time step, false only the last one; by default
     *                        true exactly when the next layer takes a sequence
     * @param bidirectional   true also reads the sequence from its end, with weights of its own (false)
     * @param merge           how a bidirectional layer merges the two directions' outputs: concat (default), add,
     *                        mul or average
     */
    @JsonTypeName("lstm")
    record Lstm(Integer units, ActivationConfig activation, InitConfig init, Boolean returnSequences,
                Boolean bidirectional, String merge) implements Recurrent {
        @Override
        public Lstm resolve(String path, Context context) {
            return new Lstm(Require.positive(path + ".units", units), recurrentActivation(path, activation),
                    recurrentInit(path, init), returnSequences, Recurrent.bidirectional(bidirectional),
                    Recurrent.merge(path, bidirectional, merge));
        }

        @Override
        public Lstm withReturnSequences(boolean value) {
            return new Lstm(units, activation, init, value, bidirectional, merge);
        }

        /** Four gates, each a dense map of the step's input and the previous output, with a bias. */
        @Override
        public long parametersOneWay(Shape input) {
            return 4 * weightsAndBiases(input.stepFeatures() + units, units);
        }
    }

    /**
     * Gated recurrent unit, PyTorch's and cuDNN's form (the reset gate scales the recurrent product after the matrix
     * multiplication): r, z = sigmoid(x W + b + h R + c), n = activation(x W_n + b_n + r * (h R_n + c_n)),
     * h' = (1 - z) n + z h. tanh and Xavier by default, as lstm; the keys are lstm's.
     */
    @JsonTypeName("gru")
    record Gru(Integer units, ActivationConfig activation, InitConfig init, Boolean returnSequences,
               Boolean bidirectional, String merge) implements Recurrent {
        @Override
        public Gru resolve(String path, Context context) {
            return new Gru(Require.positive(path + ".units", units), recurrentActivation(path, activation),
                    recurrentInit(path, init), returnSequences, Recurrent.bidirectional(bidirectional),
                    Recurrent.merge(path, bidirectional, merge));
        }

        @Override
        public Gru withReturnSequences(boolean value) {
            return new Gru(units, activation, init, value, bidirectional, merge);
        }

        /** Three gates, each with input weights, recurrent weights and two biases (PyTorch's count). */
        @Override
        public long parametersOneWay(Shape input) {
            return 3L * units * (input.stepFeatures() + units + 2);
        }
    }

    /** Elman's recurrent layer: h_t = activation(W x_t + R h_{t-1} + b); tanh and Xavier by default, as lstm. */
    @JsonTypeName("simple_rnn")
    record SimpleRnn(Integer units, ActivationConfig activation, InitConfig init, Boolean returnSequences,
                     Boolean bidirectional, String merge) implements Recurrent {
        @Override
        public SimpleRnn resolve(String path, Context context) {
            return new SimpleRnn(Require.positive(path + ".units", units), recurrentActivation(path, activation),
                    recurrentInit(path, init), returnSequences, Recurrent.bidirectional(bidirectional),
                    Recurrent.merge(path, bidirectional, merge));
        }

        @Override
        public SimpleRnn withReturnSequences(boolean value) {
            return new SimpleRnn(units, activation, init, value, bidirectional, merge);
        }

        /** One dense map of the step's input and the previous output, with a bias. */
        @Override
        public long parametersOneWay(Shape input) {
            return weightsAndBiases(input.stepFeatures() + units, units);
        }
    }

    /**
     * Token ids in, one learned vector per id out: input [timesteps, 1] of whole numbers below vocab, output
     * [timesteps, units]. Its weights start as PyTorch's do, normal with std 1, unless it names an init.
     */
    @JsonTypeName("embedding")
    record Embedding(Integer units, InitConfig init, Integer vocab) implements LayerConfig {
        @Override
        public Embedding resolve(String path, Context context) {
            InitConfig i = init == null ? new InitConfig("normal", 1.0, null, null) : init;
            return new Embedding(Require.positive(path + ".units", units), i.resolve(path + ".init"),
                    Require.positive(path + ".vocab", vocab));
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            if (!input.isSequence() || input.stepFeatures() != 1) {
                throw new ConfigException(path, "reads one token id per time step: its input must be [timesteps, 1], got "
                        + input);
            }
            return Shape.of(input.timesteps(), units);
        }

        /** One vector per token id, no bias. */
        @Override
        public long parameters(Shape input) {
            return (long) vocab * units;
        }
    }

    /**
     * One vector in, the same vector at each of {@code steps} time steps out ([features] → [steps, features]), as
     * Keras' RepeatVector: how a network turns one input, or an encoder's last state, into a sequence for the
     * recurrent layers after it (one-to-many, and the decoder of an encoder-decoder).
     */
    @JsonTypeName("repeat")
    record Repeat(Integer steps) implements LayerConfig {
        @Override
        public Repeat resolve(String path, Context context) {
            return new Repeat(Require.positive(path + ".steps", steps));
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            if (input.isSequence()) {
                throw new ConfigException(path, "repeats one vector per example, got a sequence " + input + "; end the"
                        + " recurrent layer before it with return_sequences: false");
            }
            if (input.isImage()) {
                throw new ConfigException(path, "repeats one vector per example, got an image " + input + "; put a"
                        + " flatten or dense layer before it");
            }
            return Shape.of(steps, input.dims().get(0));
        }

        @Override
        public String summary() {
            return "repeat x" + steps;
        }
    }

    /**
     * conv2d, maxpool, avgpool: a square window of side {@code kernel} moved by {@code stride}, over an input
     * padded as {@code padding} says: {@code valid} (none), {@code same} (output = ceil(input / stride)) or a whole
     * number of zero rows and columns on each side.
     */
    sealed interface Window extends LayerConfig permits Conv2d, MaxPool, AvgPool {
        int DEFAULT_POOL = 2;

        Integer kernel();

        Integer stride();

        String padding();

        /** The padding on each side as a number; only for valid or N padding. */
        default int paddingSize() {
            return padding().equals("valid") ? 0 : Integer.parseInt(padding());
        }

        default boolean samePadding() {
            return "same".equals(padding());
        }

        /** The type with its window, e.g. {@code conv2d 5x5} or {@code maxpool 2x2/1}. */
        @Override
        default String summary() {
            int defaultStride = this instanceof Conv2d ? 1 : kernel();
            return Variants.name(getClass()) + " " + kernel() + "x" + kernel()
                    + (stride() == defaultStride ? "" : "/" + stride());
        }

        private static int poolKernel(String path, Integer given) {
            return Require.positive(path + ".kernel", given == null ? DEFAULT_POOL : given);
        }

        private static int poolStride(String path, Integer given, int kernel) {
            return Require.positive(path + ".stride", given == null ? kernel : given);
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

        /**
         * Each spatial dimension n becomes (n + 2p - k) / s + 1, which must be whole and >= 1; with padding
         * same, ceil(n / s).
         */
        private static Shape slide(Window layer, Shape input, String path, int channels) {
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
                            + " and padding " + layer.padding() + " (output would be (" + n + " + 2*" + p + " - " + k
                            + ") / " + s + " + 1 = " + Math.round((span / (double) s + 1) * 100) / 100.0
                            + "); use padding same, or a kernel, stride or padding that fits");
                }
            }
            return Shape.of((h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1, channels);
        }

        private static int ceilDiv(int n, int d) {
            return (n + d - 1) / d;
        }
    }

    /** 2-D convolution with square kernel×kernel windows; needs an image input. */
    @JsonTypeName("conv2d")
    record Conv2d(Integer filters, Integer kernel, Integer stride, String padding, ActivationConfig activation,
                  InitConfig init) implements Window {
        @Override
        public Conv2d resolve(String path, Context context) {
            return new Conv2d(Require.positive(path + ".filters", filters), Require.positive(path + ".kernel", kernel),
                    Require.positive(path + ".stride", stride == null ? 1 : stride), Window.padding(path, padding),
                    activationOf(path, activation, context.defaults().activation()), initOf(path, init, context));
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            return Window.slide(this, input, path, filters);
        }

        @Override
        public long parameters(Shape input) {
            long k = kernel;
            return k * k * input.channels() * filters + filters;
        }
    }

    /** The maximum of each window, per channel. */
    @JsonTypeName("maxpool")
    record MaxPool(Integer kernel, Integer stride, String padding) implements Window {
        @Override
        public MaxPool resolve(String path, Context context) {
            int k = Window.poolKernel(path, kernel);
            return new MaxPool(k, Window.poolStride(path, stride, k), Window.padding(path, padding));
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            return Window.slide(this, input, path, input.isImage() ? input.channels() : 0);
        }
    }

    /** The mean of each window, per channel. */
    @JsonTypeName("avgpool")
    record AvgPool(Integer kernel, Integer stride, String padding) implements Window {
        @Override
        public AvgPool resolve(String path, Context context) {
            int k = Window.poolKernel(path, kernel);
            return new AvgPool(k, Window.poolStride(path, stride, k), Window.padding(path, padding));
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            return Window.slide(this, input, path, input.isImage() ? input.channels() : 0);
        }
    }

    /** The mean of each channel over an image's height and width, or over a sequence's time steps. */
    @JsonTypeName("global_avgpool")
    record GlobalAvgPool() implements LayerConfig {
        @Override
        public GlobalAvgPool resolve(String path, Context context) {
            return this;
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            if (input.isSequence()) {
                return Shape.of(input.stepFeatures());
            }
            requireImage(input, path);
            return Shape.of(input.channels());
        }

        @Override
        public boolean takesSequences() {
            return true;
        }
    }

    /** [H, W, C] → [H·W·C], so that the layers after it act per value rather than per channel. */
    @JsonTypeName("flatten")
    record Flatten() implements LayerConfig {
        @Override
        public Flatten resolve(String path, Context context) {
            return this;
        }

        @Override
        public Shape outputShape(Shape input, String path) {
            requireImage(input, path);
            return Shape.of((int) input.size());
        }
    }

    /** @param rate the probability to DROP a unit (the Keras/PyTorch meaning; dlx converts for DL4J) */
    @JsonTypeName("dropout")
    record Dropout(Double rate) implements LayerConfig {
        private static final double DEFAULT_RATE = 0.5;

        @Override
        public Dropout resolve(String path, Context context) {
            return new Dropout(Require.fraction(path + ".rate", rate == null ? DEFAULT_RATE : rate, false));
        }

        @Override
        public boolean keepsShape() {
            return true;
        }
    }

    /** Batch normalization: per channel after a conv or pooling layer, per unit after a dense layer. */
    @JsonTypeName("batchnorm")
    record BatchNorm() implements LayerConfig {
        @Override
        public BatchNorm resolve(String path, Context context) {
            return this;
        }

        /** DL4J M2.1's batch normalization fails on sequences at run time, so the config refuses them. */
        @Override
        public Shape outputShape(Shape input, String path) {
            requireNotSequence(input, path);
            return input;
        }

        /** Per channel after a conv layer, per unit otherwise: gamma, beta and the running mean and variance. */
        @Override
        public long parameters(Shape input) {
            return 4L * (input.isImage() ? input.channels() : input.size());
        }

        @Override
        public boolean keepsShape() {
            return true;
        }
    }

    /** A non-linearity on its own. */
    @JsonTypeName("activation")
    record Activation(ActivationConfig activation) implements LayerConfig {
        @Override
        public Activation resolve(String path, Context context) {
            if (activation == null) {
                throw new ConfigException(path + ".activation", "is required for an activation layer ("
                        + String.join(", ", ActivationConfig.TYPES) + ")");
            }
            return new Activation(activation.resolve(path + ".activation"));
        }

        @Override
        public boolean keepsShape() {
            return true;
        }
    }

    /** A dense map of {@code inputs} values to {@code units}: one weight per pair and one bias per unit. */
    private static long weightsAndBiases(long inputs, int units) {
        return inputs * units + units;
    }

    private static ActivationConfig activationOf(String path, ActivationConfig given, ActivationConfig fallback) {
        return (given == null ? fallback : given).resolve(path + ".activation");
    }

    private static InitConfig initOf(String path, InitConfig given, Context context) {
        return (given == null ? context.defaults().init() : given).resolve(path + ".init");
    }

    private static ActivationConfig recurrentActivation(String path, ActivationConfig given) {
        return activationOf(path, given, ActivationConfig.named("tanh"));
    }

    private static InitConfig recurrentInit(String path, InitConfig given) {
        return (given == null ? InitConfig.named("xavier") : given).resolve(path + ".init");
    }

    private static Loss lossOf(String path, Loss given, Task task) {
        Loss loss = given == null ? Loss.defaultFor(task) : given;
        if (!loss.fits(task)) {
            throw new ConfigException(path + ".loss", loss + " does not fit a " + task + " task (use "
                    + String.join(", ", Loss.fitting(task).stream().map(Loss::toString).toList()) + ")");
        }
        return loss;
    }

    /**
     * The activation that matches the loss and task unless the layer names one; cross_entropy needs softmax, and
     * binary_cross_entropy on one unit cannot use it (softmax over one unit is always 1).
     */
    private static ActivationConfig outputActivation(String path, ActivationConfig given, Loss loss, Task task, int units) {
        ActivationConfig activation = activationOf(path, given, loss.defaultActivation(task));
        if (loss == Loss.CROSS_ENTROPY && !activation.type().equals("softmax")) {
            throw new ConfigException(path + ".activation", "cross_entropy needs softmax, got " + activation
                    + " (for independent sigmoid outputs use loss binary_cross_entropy)");
        }
        if (loss == Loss.BINARY_CROSS_ENTROPY && units == 1 && activation.type().equals("softmax")) {
            throw new ConfigException(path + ".activation", "softmax over one unit is always 1; binary_cross_entropy"
                    + " on one output needs sigmoid");
        }
        return activation;
    }

    private static int outputUnits(String path, Integer given, Task task) {
        int units = Require.positive(path + ".units", given);
        if (task == Task.REGRESSION && units != 1) {
            throw new ConfigException(path + ".units", "a regression output has 1 unit (one target column), got " + units);
        }
        return units;
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
}
