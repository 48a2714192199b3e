package dlx.data;

import static dlx.data.ResolvedConfigs.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Batches as DL4J consumes them: epochs of fit, then evaluation. */
class XorTrainingTest {

    @Test
    void aSmallNetworkLearnsXorPerfectlyFromBatches() {
        LoadedData data = DataSources.load(synthetic("xor", 1000, 0.1, 0.1, 0.2, "scale"), 42, Path.of("."));
        MultiLayerConfiguration config = new NeuralNetConfiguration.Builder()
                .seed(42)
                .updater(new Adam(0.05))
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(config);
        network.init();
        Batches train = new Batches(data.train(), data.classes(), 64, true, 42);

        for (int epoch = 0; epoch < 8; epoch++) {
            train.setEpoch(epoch);
            network.fit(train);
        }
        Evaluation evaluation = network.evaluate(new Batches(data.test(), data.classes(), 64, false, 42));

        assertThat(evaluation.getNumRowCounter()).isEqualTo(200);
        assertThat(evaluation.accuracy()).isEqualTo(1.0);
    }
}
