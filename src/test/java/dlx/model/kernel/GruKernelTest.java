package dlx.model.kernel;

import static dlx.model.kernel.KernelsAgreeWithDl4jTest.assertClose;
import static dlx.model.kernel.KernelsAgreeWithDl4jTest.oneHot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.NetworkFactory;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * dlx's GRU kernel computes what the portable GRU layer computes, on the same weights, in float: outputs, scores
 * and gradients within 1e-5 over random shapes, every step or the last one out, with and without masks; and a
 * network of it trains as the portable one does.
 */
class GruKernelTest {
    private static final double TOLERANCE = 1e-5;

    /** The portable network for the layers ({@code model.kernels: stock}), and the same network with dlx's kernels. */
    static MultiLayerNetwork[] pair(String data, String input, String layers, long seed) {
        Experiment experiment = ExperimentFile.parse("seed: " + seed + "\ndata: {source: synthetic, kind: " + data
                + "}\nmodel:\n  kernels: stock\n  input: " + input + "\n  layers:\n" + layers, "exp.yaml", false, List.of(),
                "exp", d -> null);
        MultiLayerNetwork stock = NetworkFactory.build(experiment);
        assertThat(Kernels.layersWithKernel(stock)).isEmpty();
        MultiLayerNetwork dlx = new MultiLayerNetwork(stock.getLayerWiseConfigurations().clone());
        dlx.init(stock.params().dup(), false);
        Kernels.install(dlx, Kernels.DLX);
        assertThat(Kernels.layersWithoutKernel(dlx)).isEmpty();
        return new MultiLayerNetwork[] {stock, dlx};
    }

    @Test
    void theGruKernelGivesThePortableLayersOutputsScoresAndGradientsWithAndWithoutMasks() {
        for (int seed = 0; seed < 8; seed++) {
            Random random = new Random(200 + seed);
            int features = 1 + random.nextInt(12);
            int units = 1 + random.nextInt(24);
            int steps = 1 + random.nextInt(9);
            int batch = 1 + random.nextInt(20);
            int classes = 2 + random.nextInt(5);
            boolean perStep = seed % 2 == 1;
            String layers = "    - {type: gru, units: " + units + "}\n    - {type: " + (perStep ? "rnn_output" : "output")
                    + ", units: " + classes + "}\n";
            MultiLayerNetwork[] networks = pair(perStep ? "parity, steps: " + steps : "xor", "[" + steps + ", " + features + "]",
                    layers, seed);
            assertThat(Kernels.layersWithKernel(networks[1])).contains(0);
            Nd4j.getRandom().setSeed(seed);
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, features, steps).subi(0.5).muli(3);
            INDArray y = perStep ? Nd4j.zeros(DataType.FLOAT, batch, classes, steps) : oneHot(random, batch, classes);
            if (perStep) {
                for (int i = 0; i < batch; i++) {
                    for (int t = 0; t < steps; t++) {
                        y.putScalar(new int[] {i, random.nextInt(classes), t}, 1.0);
                    }
                }
            }
            // every other network sees a mask: each example keeps a random prefix of its steps, one also loses a middle step
            INDArray mask = null;
            if (seed % 4 >= 2) {
                mask = Nd4j.ones(DataType.FLOAT, batch, steps);
                for (int i = 0; i < batch; i++) {
                    for (int t = 1 + random.nextInt(steps); t < steps; t++) {
                        mask.putScalar(i, t, 0.0);
                    }
                }
                if (steps > 2) {
                    mask.putScalar(0, 1, 0.0);
                }
            }
            String what = "seed " + seed + " (" + (perStep ? "per step" : "last step") + ", " + features + " features, " + units
                    + " units, " + steps + " steps, batch " + batch + (mask == null ? "" : ", masked") + ")";
            INDArray labelMask = perStep ? mask : null;
            assertClose(networks[1].output(x, false, mask, labelMask), networks[0].output(x, false, mask, labelMask), what + " output");
            for (MultiLayerNetwork network : networks) {
                network.setInput(x);
                network.setLabels(y);
                network.setLayerMaskArrays(mask, labelMask);
                network.computeGradientAndScore();
                network.clearLayerMaskArrays();
            }
            assertThat(networks[1].score()).as(what + " score").isCloseTo(networks[0].score(),
                    within(TOLERANCE * Math.max(1, networks[0].score())));
            assertClose(networks[1].getFlattenedGradients(), networks[0].getFlattenedGradients(), what + " gradient");
        }
    }

    @Test
    void aNetworkOfGruKernelsTrainsAsThePortableOneDoes() {
        Random random = new Random(5);
        MultiLayerNetwork[] networks = pair("xor", "[7, 6]", """
                    - {type: gru, units: 12, return_sequences: true}
                    - {type: gru, units: 8}
                    - {type: output, units: 4}
                """, 5);
        assertThat(Kernels.layersWithKernel(networks[1])).containsExactly(0, 1, 2);
        for (int i = 0; i < 15; i++) {
            Nd4j.getRandom().setSeed(i);
            DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 10, 6, 7).subi(0.5), oneHot(random, 10, 4));
            for (MultiLayerNetwork network : networks) {
                network.fit(batch);
            }
            assertThat(networks[1].score()).as("score at step " + i).isCloseTo(networks[0].score(), within(1e-4));
        }
        assertThat(networks[1].params().sub(networks[0].params()).amaxNumber().doubleValue()).isLessThan(1e-4);
    }
}
