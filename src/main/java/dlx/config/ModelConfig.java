package dlx.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The network: the shape of one input example, defaults shared by the layers, and the layers in order.
 *
 * @param input    [features], or [H, W, C] for images; filled from the data source when absent
 * @param defaults activation and init of layers that do not name their own
 * @param layers   the layers; the last one is the {@code output} layer
 */
public record ModelConfig(List<Integer> input, Defaults defaults, List<LayerConfig> layers) {

    /** @param activation default relu @param init default he */
    public record Defaults(ActivationConfig activation, InitConfig init) {
        Defaults resolve(String path) {
            return new Defaults((activation == null ? ActivationConfig.named("relu") : activation).resolve(path + ".activation"),
                    (init == null ? InitConfig.named("he") : init).resolve(path + ".init"));
        }
    }

    public Shape inputShape() {
        return new Shape(input);
    }

    ModelConfig resolve(String at, List<Integer> dataInput, String task) {
        List<Integer> in = input == null ? dataInput : input;
        if (in == null || in.isEmpty() || in.size() > 3) {
            throw new ConfigException(at + ".input", "must be [features] or [height, width, channels], got " + in);
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
        LayerType.Context context = new LayerType.Context(resolvedDefaults, task);
        List<LayerConfig> resolved = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String path = at + ".layers[" + i + "]";
            LayerConfig raw = layers.get(i);
            if (raw == null) {
                throw new ConfigException(path, "is empty; a layer needs a type (" + String.join(", ", LayerType.NAMES) + ")");
            }
            Require.oneOf(path + ".type", raw.type(), LayerType.NAMES);
            LayerType type = raw.layerType();
            boolean last = i == layers.size() - 1;
            if (type == LayerType.OUTPUT && !last) {
                throw new ConfigException(path, "an output layer must be the last layer");
            }
            if (last && type != LayerType.OUTPUT) {
                throw new ConfigException(path, "the last layer must be of type output, got " + raw.type());
            }
            resolved.add(type.resolveChecked(raw, path, context));
        }
        ModelConfig model = new ModelConfig(List.copyOf(in), resolvedDefaults, List.copyOf(resolved));
        model.shapes(at);
        return model;
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
            current = layer.layerType().outputShape(layer, current, at + ".layers[" + i + "]");
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
            counts.add(layer.layerType().parameters(layer, in));
            in = shapes.get(i);
        }
        return counts;
    }

    public LayerConfig outputLayer() {
        return layers.get(layers.size() - 1);
    }
}
