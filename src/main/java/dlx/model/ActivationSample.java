package dlx.model;

import dlx.config.Experiment;
import dlx.config.LayerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a freshly initialised network does to random inputs: every layer's outputs but the output
 * layer's, for a batch drawn from the standard normal distribution. This is how notes on weight
 * initialisation show vanishing activations and saturation, before any training.
 *
 * @param layers the config's layers, without the output layer
 * @param values for each of those layers, all its output values for the batch, flattened
 */
public record ActivationSample(List<LayerConfig> layers, List<float[]> values) {

    /**
     * Builds the network the experiment describes (initialised from its seed) and feeds it
     * {@code examples} inputs of model.input's shape, each value drawn from N(0, 1) by a generator
     * seeded with {@code seed}. Inference mode: dropout is off.
     */
    public static ActivationSample of(Experiment experiment, int examples, long seed) {
        MultiLayerNetwork network = NetworkFactory.build(experiment);
        int features = Math.toIntExact(experiment.model().inputShape().size());
        Random random = new Random(seed);
        float[] inputs = new float[Math.multiplyExact(examples, features)];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }
        // the input first, then each layer's output; the last is the output layer's
        List<INDArray> outputs = network.feedForward(Nd4j.create(inputs, new long[] {examples, features}, 'c'), false);
        List<LayerConfig> hidden = experiment.model().layers().subList(0, experiment.model().layers().size() - 1);
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) {
            values.add(outputs.get(i + 1).dup('c').data().asFloat());
        }
        return new ActivationSample(List.copyOf(hidden), List.copyOf(values));
    }
}
