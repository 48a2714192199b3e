package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of {@code model.layers}. Which keys a layer takes depends on its type ({@link LayerType});
 * the others must be absent.
 *
 * @param units      dense, output, lstm, simple_rnn, rnn_output: number of neurons; embedding: vector size
 * @param filters    conv2d: number of output channels
 * @param kernel     conv2d (required), maxpool, avgpool (default 2): the side of the square window
 * @param stride     conv2d (default 1), maxpool, avgpool (default: the kernel): step between windows
 * @param padding    conv2d, maxpool, avgpool: {@code valid} (default, no padding), {@code same} (output =
 *                   ceil(input / stride)) or a whole number of zero rows/columns added on each side
 * @param activation dense, output, conv2d, lstm, simple_rnn, rnn_output, activation: the non-linearity
 *                   (default: model.defaults.activation; lstm, simple_rnn: tanh; output, rnn_output: the
 *                   one that matches the loss)
 * @param init       dense, output, conv2d, rnn_output: weight initializer (default: model.defaults.init);
 *                   lstm, simple_rnn: default xavier; embedding: default normal with std 1, as PyTorch
 * @param rate       dropout: the probability to DROP a unit (Keras/PyTorch meaning), default 0.5
 * @param loss       output, rnn_output: cross_entropy | binary_cross_entropy | hinge | mse | mae | sse
 * @param vocab      embedding: the number of distinct token ids (ids run from 0 to vocab - 1)
 * @param returnSequences lstm, simple_rnn: true passes on the output of every time step, false only the
 *                   last one; by default true exactly when the next layer takes a sequence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerConfig(String type, Integer units, Integer filters, Integer kernel, Integer stride, String padding,
                          ActivationConfig activation, InitConfig init, Double rate, String loss,
                          Integer vocab, Boolean returnSequences) {

    public LayerType layerType() {
        return LayerType.named(type);
    }

    /** A layer of {@code type} with only the keys a layer without options has. */
    static LayerConfig bare(String type) {
        return new LayerConfig(type, null, null, null, null, null, null, null, null, null, null, null);
    }

    LayerConfig withReturnSequences(boolean value) {
        return new LayerConfig(type, units, filters, kernel, stride, padding, activation, init, rate, loss, vocab, value);
    }

    /** The padding on each side as a number; only for valid or N padding. */
    public int paddingSize() {
        return padding.equals("valid") ? 0 : Integer.parseInt(padding);
    }

    public boolean samePadding() {
        return "same".equals(padding);
    }
}
