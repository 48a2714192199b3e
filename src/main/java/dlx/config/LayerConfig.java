package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of {@code model.layers}. Which keys a layer takes depends on its type ({@link LayerType});
 * the others must be absent.
 *
 * @param units      dense, output: number of neurons
 * @param activation dense, output, activation: the non-linearity (default: model.defaults.activation;
 *                   for output, the one that matches the loss)
 * @param init       dense, output: weight initializer (default: model.defaults.init)
 * @param rate       dropout: the probability to DROP a unit (Keras/PyTorch meaning), default 0.5
 * @param loss       output: cross_entropy | binary_cross_entropy | mse | mae
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerConfig(String type, Integer units, String activation, InitConfig init, Double rate, String loss) {

    public LayerType layerType() {
        return LayerType.named(type);
    }
}
