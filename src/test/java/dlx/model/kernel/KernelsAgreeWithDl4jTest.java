package dlx.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.NetworkFactory;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * dlx's kernels compute what DL4J's layers compute, on the same weights, in float: outputs, scores and
 * gradients within 1e-5 (relative to the larger of 1 and the value), over random shapes, activations and
 * losses; and the kernel step trains the parameters DL4J's fit trains.
 */
class KernelsAgreeWithDl4jTest {
    private static final double TOLERANCE = 1e-5;
    private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "identity",
            "{type: leaky_relu, alpha: 0.1}", "elu", "softplus", "swish");

    /** A stock network for the layers, and the same network (same parameters) with dlx's kernels. */
    static MultiLayerNetwork[] pair(String input, String layers, long seed) {
        return pair("xor", input, layers, seed);
    }

    /** @param data the synthetic data's kind and its options, e.g. "parity, steps: 5" */
    static MultiLayerNetwork[] pair(String data, String input, String layers, long seed) {
        Experiment experiment = ExperimentFile.parse("seed: " + seed + "\ndata: {source: synthetic, kind: " + data + "}\nmodel:\n  input: "
                + input + "\n  layers:\n" + layers, "exp.yaml", false, List.of(), "exp", d -> null);
        MultiLayerNetwork stock = NetworkFactory.build(experiment);
        MultiLayerNetwork dlx = new MultiLayerNetwork(stock.getLayerWiseConfigurations().clone());
        dlx.init(stock.params().dup(), false);
        Kernels.install(dlx, Kernels.DLX);
        assertThat(Kernels.layersWithoutKernel(dlx)).isEmpty();
        return new MultiLayerNetwork[] {stock, dlx};
    }

    static void assertClose(INDArray actual, INDArray expected, String what) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as(what + " element " + i + ": " + a[i] + " vs " + e[i])
                    .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(e[i])));
        }
    }

    static INDArray oneHot(Random random, int rows, int classes) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return labels;
    }

    @Test
    void denseAndOutputKernelsGiveDl4jsOutputsScoresAndGradients() {
        for (int seed = 0; seed < 12; seed++) {
            Random random = new Random(seed);
            int nIn = 1 + random.nextInt(40);
            int hidden = 1 + random.nextInt(50);
            boolean regression = seed % 4 == 3;
            int classes = regression ? 1 : 2 + random.nextInt(9);
            int batch = 1 + random.nextInt(40);
            String activation = ACTIVATIONS.get(seed % ACTIVATIONS.size());
            String output = regression ? "{type: output, units: 1, loss: mse}" : "{type: output, units: " + classes + "}";
            MultiLayerNetwork[] networks = pair(regression ? "sine" : "xor", "[" + nIn + "]", "    - {type: dense, units: " + hidden + ", activation: " + activation
                    + "}\n    - {type: dense, units: " + (1 + random.nextInt(30)) + "}\n    - " + output + "\n", seed);
            Nd4j.getRandom().setSeed(seed);
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn).subi(0.5).muli(4);
            INDArray y = regression ? Nd4j.rand(DataType.FLOAT, batch, classes) : oneHot(random, batch, classes);
            String what = "seed " + seed + " (" + activation + ", " + nIn + "-" + hidden + "-" + classes + ", batch " + batch + ")";

            assertClose(networks[1].output(x), networks[0].output(x), what + " output");
            for (MultiLayerNetwork network : networks) {
                network.setInput(x);
                network.setLabels(y);
                network.computeGradientAndScore();
            }
            assertThat(networks[1].score()).as(what + " score").isCloseTo(networks[0].score(),
                    org.assertj.core.api.Assertions.within(TOLERANCE * Math.max(1, networks[0].score())));
            assertClose(networks[1].getFlattenedGradients(), networks[0].getFlattenedGradients(), what + " gradient");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"xor; 3; sse", "xor; 3; {type: output, units: 3, loss: sse, activation: sigmoid}",
            "xor; 1; binary_cross_entropy", "sine; 1; rmse", "sine; 1; sse", "sine; 1; mae"})
    void theOutputKernelGivesDl4jsScoresAndGradientsForEveryLoss(String data, int units, String loss) {
        Random random = new Random(units);
        String output = loss.startsWith("{") ? loss : "{type: output, units: " + units + ", loss: " + loss + "}";
        MultiLayerNetwork[] networks = pair(data, "[6]", "    - {type: dense, units: 5}\n    - " + output + "\n", 11);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 9, 6).subi(0.5).muli(4);
        INDArray y = data.equals("sine") ? Nd4j.rand(DataType.FLOAT, 9, 1)
                : units == 1 ? Nd4j.rand(DataType.FLOAT, 9, 1).gt(0.5).castTo(DataType.FLOAT) : oneHot(random, 9, units);
        for (MultiLayerNetwork network : networks) {
            network.setInput(x);
            network.setLabels(y);
            network.computeGradientAndScore();
        }
        assertThat(networks[1].score()).as(loss + " score").isCloseTo(networks[0].score(),
                org.assertj.core.api.Assertions.within(TOLERANCE * Math.max(1, networks[0].score())));
        assertClose(networks[1].getFlattenedGradients(), networks[0].getFlattenedGradients(), loss + " gradient");
        KernelStep step = KernelStep.of(networks[1]).orElseThrow();
        DataSet batch = new DataSet(x, y);
        networks[0].fit(batch);
        step.fit(batch);
        assertClose(networks[1].params(), networks[0].params(), loss + " parameters after a step");
    }

    @Test
    void kernelStepTrainsTheParametersDl4jsFitTrains() {
        Random random = new Random(3);
        MultiLayerNetwork[] networks = pair("[20]", """
                    - {type: dense, units: 32}
                    - {type: dense, units: 16, activation: tanh}
                    - {type: output, units: 5}
                """, 3);
        KernelStep step = KernelStep.of(networks[1]).orElseThrow();
        for (int i = 0; i < 20; i++) {
            Nd4j.getRandom().setSeed(i);
            DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 20).subi(0.5), oneHot(random, 16, 5));
            networks[0].fit(batch);
            step.fit(batch);
            assertThat(networks[1].score()).as("score at step " + i).isCloseTo(networks[0].score(),
                    org.assertj.core.api.Assertions.within(1e-4));
        }
        assertThat(networks[1].getIterationCount()).isEqualTo(networks[0].getIterationCount());
        // Adam divides by sqrt(v): float rounding in the gradients grows a little over the steps
        INDArray difference = networks[1].params().sub(networks[0].params());
        assertThat(difference.amaxNumber().doubleValue()).isLessThan(1e-4);
    }

    @Test
    void lstmKernelsGiveDl4jsOutputsScoresAndGradientsWithAndWithoutMasks() {
        for (int seed = 0; seed < 8; seed++) {
            Random random = new Random(100 + seed);
            int features = 1 + random.nextInt(12);
            int units = 1 + random.nextInt(24);
            int steps = 1 + random.nextInt(9);
            int batch = 1 + random.nextInt(20);
            int classes = 2 + random.nextInt(5);
            boolean perStep = seed % 2 == 1;
            String layers = perStep
                    ? "    - {type: lstm, units: " + units + "}\n    - {type: rnn_output, units: " + classes + "}\n"
                    : "    - {type: lstm, units: " + units + "}\n    - {type: output, units: "
                    + classes + "}\n";
            MultiLayerNetwork[] networks = pair(perStep ? "parity, steps: " + steps : "xor", "[" + steps + ", " + features + "]", layers, seed);
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
                    org.assertj.core.api.Assertions.within(TOLERANCE * Math.max(1, networks[0].score())));
            assertClose(networks[1].getFlattenedGradients(), networks[0].getFlattenedGradients(), what + " gradient");
        }
    }

    @Test
    void kernelStepTrainsAnLstmAsDl4jsFitDoes() {
        Random random = new Random(5);
        MultiLayerNetwork[] networks = pair("[7, 6]", """
                    - {type: lstm, units: 12}
                    - {type: output, units: 4}
                """, 5);
        KernelStep step = KernelStep.of(networks[1]).orElseThrow();
        for (int i = 0; i < 15; i++) {
            Nd4j.getRandom().setSeed(i);
            DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 10, 6, 7).subi(0.5), oneHot(random, 10, 4));
            networks[0].fit(batch);
            step.fit(batch);
            assertThat(networks[1].score()).as("score at step " + i).isCloseTo(networks[0].score(),
                    org.assertj.core.api.Assertions.within(1e-4));
        }
        assertThat(networks[1].params().sub(networks[0].params()).amaxNumber().doubleValue()).isLessThan(1e-4);
    }
}
