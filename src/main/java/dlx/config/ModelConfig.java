package dlx.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The network: the shape of one input example, defaults shared by the layers, and the layers in order.
 *
 * @param input    [features], [timesteps, features] for sequences, or [H, W, C] for images; filled from
 *                 the data source when absent (an image read as a sequence: [H, W·C], one row a step)
 * @param defaults activation and init of layers that do not name their own
 * @param layers   the layers; the last one is an {@code output} or {@code rnn_output} layer
 * @param kernels  {@code dlx} (default): dlx computes the dense, output and LSTM layers and the training step
 *                 with its own CPU kernels; {@code stock}: DL4J's own layer implementations. Same model, same
 *                 checkpoints either way; on a CUDA backend DL4J's layers always run.
 */
public record ModelConfig(List<Integer> input, Defaults defaults, List<LayerConfig> layers, String kernels) {
    public static final List<String> KERNELS = List.of("dlx", "stock");

    /** The activation and init of layers that name none. */
    public record Defaults(ActivationConfig activation, InitConfig init) {
        Defaults resolve(String path) {
            return new Defaults((activation == null ? ActivationConfig.named("relu") : activation).resolve(path + ".activation"),
                    (init == null ? InitConfig.named("he") : init).resolve(path + ".init"));
        }
    }

    public Shape inputShape() {
        return new Shape(input);
    }

    /** @param labelSteps 1 when the data has one label per example, else the number of labelled time steps */
    ModelConfig resolve(String at, List<Integer> dataInput, Task task, int labelSteps) {
        List<Integer> in = input == null ? dataInput : input;
        if (in == null || in.isEmpty() || in.size() > 3) {
            throw new ConfigException(at + ".input", "must be [features], [timesteps, features] or [height, width, channels], got " + in);
        }
        for (int i = 0; i < in.size(); i++) {
            Require.positive(at + ".input[" + i + "]", in.get(i));
        }
        if (input != null && dataInput != null && new Shape(input).size() != new Shape(dataInput).size()) {
            throw new ConfigException(at + ".input", new Shape(input) + " does not match the data's examples "
                    + new Shape(dataInput) + " (" + new Shape(dataInput).size() + " values each)");
        }
        Defaults resolvedDefaults = (defaults == null ? new Defaults(null, null) : defaults).resolve(at + ".defaults");
        if (layers == null || layers.isEmpty()) {
            throw new ConfigException(at + ".layers", "at least one layer is required, the last of type output");
        }
        LayerConfig.Context context = new LayerConfig.Context(resolvedDefaults, task);
        List<LayerConfig> resolved = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String path = at + ".layers[" + i + "]";
            LayerConfig raw = layers.get(i);
            if (raw == null) {
                throw new ConfigException(path, "is empty or not a mapping of keys; a layer needs a type ("
                        + String.join(", ", Variants.names(LayerConfig.class)) + ")");
            }
            boolean last = i == layers.size() - 1;
            boolean output = raw instanceof LayerConfig.Prediction;
            if (output && !last) {
                throw new ConfigException(path, "an " + raw.type() + " layer must be the last layer");
            }
            if (last && !output) {
                throw new ConfigException(path, "the last layer must be of type output (or rnn_output), got " + raw.type());
            }
            if (raw instanceof LayerConfig.Embedding && i > 0) {
                throw new ConfigException(path, "an embedding layer reads token ids, so it must be the first layer");
            }
            resolved.add(raw.resolve(path, context));
        }
        String kernelChoice = Require.oneOf(at + ".kernels", kernels == null ? KERNELS.get(0) : kernels, KERNELS);
        ModelConfig model = new ModelConfig(List.copyOf(in), resolvedDefaults, withReturnSequences(resolved), kernelChoice);
        List<Shape> shapes = model.shapes(at);
        String lastPath = at + ".layers[" + (layers.size() - 1) + "]";
        boolean perStep = model.outputLayer() instanceof LayerConfig.RnnOutput;
        if (perStep && labelSteps == 1) {
            throw new ConfigException(lastPath + ".type", "rnn_output predicts a label per time step, but the data has one"
                    + " label per example (use output)");
        }
        if (!perStep && labelSteps > 1) {
            throw new ConfigException(lastPath + ".type", "the data has a label per time step (" + labelSteps
                    + " steps): the last layer must be rnn_output, got " + model.outputLayer().type());
        }
        int steps = shapes.get(shapes.size() - 1).dims().get(0);
        if (perStep && steps != labelSteps) {
            throw new ConfigException(lastPath, "predicts " + steps + " time steps, but the data labels " + labelSteps);
        }
        return model;
    }

    /**
     * Fills in each recurrent layer's return_sequences where the config leaves it out: true exactly when
     * the next layer that is not a dropout, activation or batchnorm takes a sequence.
     */
    private static List<LayerConfig> withReturnSequences(List<LayerConfig> layers) {
        List<LayerConfig> filled = new ArrayList<>(layers);
        for (int i = 0; i < filled.size(); i++) {
            if (filled.get(i) instanceof LayerConfig.Recurrent layer && layer.returnSequences() == null) {
                LayerConfig next = layer;
                for (int j = i + 1; j < filled.size(); j++) {
                    next = filled.get(j);
                    if (!next.keepsShape()) {
                        break;
                    }
                }
                filled.set(i, layer.withReturnSequences(next.takesSequences()));
            }
        }
        return List.copyOf(filled);
    }

    /** The output shape of every layer, in order, starting from the input. */
    public List<Shape> shapes() {
        return shapes("model");
    }

    private List<Shape> shapes(String at) {
        List<Shape> shapes = new ArrayList<>();
        Shape current = inputShape();
        for (int i = 0; i < layers.size(); i++) {
            LayerConfig layer = layers.get(i);
            current = layer.outputShape(current, at + ".layers[" + i + "]");
            shapes.add(current);
        }
        return shapes;
    }

    /** The parameters of every layer, in order, counted as DL4J's {@code numParams()} counts them. */
    public List<Long> parameterCounts() {
        List<Long> counts = new ArrayList<>();
        Shape in = inputShape();
        List<Shape> shapes = shapes();
        for (int i = 0; i < layers.size(); i++) {
            LayerConfig layer = layers.get(i);
            counts.add(layer.parameters(in));
            in = shapes.get(i);
        }
        return counts;
    }

    /**
     * The vocabulary of a first embedding layer, which reads the data as token ids: the data is checked
     * against it before a run starts, where DL4J would fail in the middle of an epoch.
     */
    public java.util.OptionalInt embeddingVocab() {
        return layers.get(0) instanceof LayerConfig.Embedding first ? java.util.OptionalInt.of(first.vocab())
                : java.util.OptionalInt.empty();
    }

    /**
     * A classifier's output has one unit per class, or one sigmoid unit for two classes with binary_cross_entropy (it
     * gives the probability of the second class). The classes are in the data, not the config, so this runs once its
     * labels are read: by dlx config validate, and by dlx train before a run folder is made.
     *
     * @param classNames the data's classes; empty for regression, whose output resolve already checked
     */
    public void requireClasses(List<String> classNames) {
        int units = outputLayer().units();
        boolean binary = units == 1 && outputLayer().loss() == Loss.BINARY_CROSS_ENTROPY && classNames.size() == 2;
        if (classNames.isEmpty() || units == classNames.size() || binary) {
            return;
        }
        String hint = units == 1 && classNames.size() == 2
                ? "; one unit for two classes needs loss binary_cross_entropy (a sigmoid giving the probability of "
                + classNames.get(1) + ")" : "";
        throw new ConfigException("model.layers[" + (layers.size() - 1) + "].units", units + " but the data has "
                + classNames.size() + " classes (" + String.join(", ", classNames) + ")" + hint);
    }

    /** The last layer, which holds the loss: resolving the model made sure it is one. */
    public LayerConfig.Prediction outputLayer() {
        return (LayerConfig.Prediction) layers.get(layers.size() - 1);
    }
}
