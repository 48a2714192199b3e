package dlx.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dlx.config.Experiment;
import dlx.config.LayerConfig;
import dlx.config.ModelSummary;
import dlx.config.RegularizationConfig;
import dlx.console.TextTable;
import dlx.data.Batches;
import dlx.data.LoadedData;
import dlx.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Backpropagation's gradient of every parameter against the numerical one, as the notes check it: the network in
 * double precision on a few examples, each checked value w moved to w ± ε and the loss L evaluated there, the
 * numerical gradient (L(w + ε) − L(w − ε)) / 2ε. A value's relative error is |a − n| / max(|a|, |n|, {@link #FLOOR})
 * for the analytic gradient a and the numerical n; the check passes when every one is at most the threshold.
 *
 * <p>The loss is the data loss in training mode, as a training step sees it: batch normalization uses the batch's
 * statistics. Dropout is turned off, since its random mask would differ between the evaluations, and regularization
 * is left out, since it is not part of the gradient a layer computes. The report names each thing left out.
 */
public final class GradientCheck {
    /**
     * Below this size, a gradient's error is measured against it rather than against the gradient: central
     * differences in double precision carry an absolute error of about 1e-10 however small the gradient is.
     */
    public static final double FLOOR = 1e-6;
    /** BatchNormalization's running statistics: updated from each batch, not trained by the gradient. */
    private static final List<String> RUNNING_STATISTICS = List.of("mean", "var", "log10stdev");

    private GradientCheck() {
    }

    /**
     * @param examples     how many examples of the training split (its first ones) the loss is taken over
     * @param epsilon      the step ε of the central differences
     * @param threshold    the largest relative error that passes
     * @param perParameter values checked per parameter array, a seeded sample of the larger ones; 0 checks every one
     */
    public record Settings(int examples, double epsilon, double threshold, int perParameter) {
        public static final Settings DEFAULTS = new Settings(4, 1e-6, 1e-3, 100);
    }

    /**
     * One parameter array of one layer.
     *
     * @param layer     its path in the config, e.g. {@code layers[0]}
     * @param type      the layer's type and activation, e.g. {@code dense/tanh}
     * @param parameter DL4J's name: W, b, RW (recurrent weights), gamma, beta …
     * @param values    its size
     * @param checked   how many of its values were checked
     */
    @JsonPropertyOrder({"layer", "type", "parameter", "values", "checked", "max_error", "mean_error", "failed"})
    public record Row(String layer, String type, String parameter, long values, int checked, double maxError,
                      double meanError, int failed) {
    }

    /**
     * @param unchecked what the check leaves out, one line each, naming the layer or key
     * @param passed    whether every checked value's relative error is at most the threshold
     */
    @JsonPropertyOrder({"passed", "threshold", "epsilon", "examples", "max_error", "rows", "unchecked"})
    public record Report(boolean passed, double threshold, double epsilon, int examples, double maxError, List<Row> rows,
                         List<String> unchecked) {
        /** The table, what was left out, and the verdict, for a terminal. */
        public String table() {
            TextTable table = new TextTable(3).row("layer", "type", "parameter", "values", "checked", "max error",
                    "mean error", "failed");
            for (Row row : rows) {
                table.row(row.layer(), row.type(), row.parameter(), String.format(Locale.ROOT, "%,d", row.values()),
                        String.format(Locale.ROOT, "%,d", row.checked()), number(row.maxError()), number(row.meanError()),
                        Integer.toString(row.failed()));
            }
            StringBuilder out = new StringBuilder(table.render());
            for (String line : unchecked) {
                out.append("not checked: ").append(line).append('\n');
            }
            int failed = rows.stream().mapToInt(Row::failed).sum();
            long checked = rows.stream().mapToLong(Row::checked).sum();
            out.append(passed
                    ? String.format(Locale.ROOT, "passed: all %,d checked values agree (largest relative error %s <= %s)%n",
                    checked, number(maxError), number(threshold))
                    : String.format(Locale.ROOT, "FAILED: %,d of %,d checked values have a relative error above %s"
                    + " (largest %s)%n", failed, checked, number(threshold), number(maxError)));
            return out.toString();
        }

        private static String number(double value) {
            return String.format(Locale.ROOT, "%.1e", value);
        }
    }

    /**
     * Checks the experiment's network, as {@code model.kernels} computes it, on the first examples of the training
     * split of {@code data}.
     */
    public static Report run(Experiment experiment, LoadedData data, Settings settings) {
        DataType previous = Nd4j.dataType();
        DataType previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            List<String> unchecked = new ArrayList<>(leftOut(experiment));
            MultiLayerNetwork network = network(experiment);
            Split train = data.train();
            int n = Math.min(settings.examples(), train.rows());
            DataSet batch = new Batches(train, experiment.model().outputLayer().units(),
                    experiment.model().inputShape().sequenceLength(), n, false, 0).next();
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 0; i < experiment.model().layers().size(); i++) {
                LayerConfig layer = experiment.model().layers().get(i);
                names.add("layers[" + i + "]");
                types.add(ModelSummary.kind(layer));
                if (layer instanceof LayerConfig.BatchNorm) {
                    unchecked.add("layers[" + i + "] batchnorm: its running mean and variance, which each batch updates"
                            + " and no gradient trains (gamma and beta are checked, on the batch's own statistics)");
                }
            }
            return check(network, batch.getFeatures().castTo(DataType.DOUBLE), batch.getLabels().castTo(DataType.DOUBLE),
                    names, types, unchecked, settings, experiment.seed());
        } finally {
            Nd4j.setDefaultDataTypes(previous, previousFloat);
        }
    }

    /** What the check turns off, one line each: dropout layers and regularization. */
    private static List<String> leftOut(Experiment experiment) {
        List<String> lines = new ArrayList<>();
        List<LayerConfig> layers = experiment.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerConfig.Dropout dropout) {
                lines.add("layers[" + i + "] dropout (rate " + dropout.rate() + "): off during the check, since its"
                        + " random mask would differ between the evaluations");
            }
        }
        RegularizationConfig r = experiment.regularization();
        List<String> terms = new ArrayList<>();
        if (r.l1() > 0) {
            terms.add("l1 " + r.l1());
        }
        if (r.l2() > 0) {
            terms.add("l2 " + r.l2());
        }
        if (r.weightDecay() > 0) {
            terms.add("weight_decay " + r.weightDecay());
        }
        if (r.gradientClip() != null) {
            terms.add("gradient_clip");
        }
        if (r.maxNorm() != null) {
            terms.add("max_norm " + r.maxNorm());
        }
        if (!terms.isEmpty()) {
            lines.add("regularization (" + String.join(", ", terms) + "): the optimizer applies it after the layers"
                    + " compute their gradients, so the check compares the data loss's alone");
        }
        return lines;
    }

    /**
     * The experiment's network in double precision with the same initial weights' distribution, dlx's kernels where
     * the config asks for them, no dropout, no regularization and no updater.
     */
    static MultiLayerNetwork network(Experiment experiment) {
        // one iteration per epoch: a schedule over the run's iterations needs a number, and no update is made
        MultiLayerConfiguration conf = NetworkFactory.configuration(experiment, 1);
        conf.setDataType(DataType.DOUBLE);
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            var outer = layer.getLayer();
            var inner = outer instanceof BaseWrapperLayer wrapper ? wrapper.getUnderlying() : outer;
            for (var each : List.of(outer, inner)) {
                each.setIDropout(null);
                each.setConstraints(null);
                if (each instanceof BaseLayer base) {
                    base.setIUpdater(new NoOp());
                    base.setBiasUpdater(new NoOp());
                    base.setRegularization(List.of());
                    base.setRegularizationBias(List.of());
                    base.setGradientNormalization(GradientNormalization.None);
                }
            }
        }
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return NetworkFactory.withKernels(network, experiment);
    }

    /**
     * Checks every parameter array of {@code network} (in double precision) on inputs {@code x} and labels {@code y}.
     *
     * @param names     each layer's name in the table, by index
     * @param types     each layer's type in the table, by index
     * @param unchecked lines the report names as left out; running statistics are added here
     * @param seed      picks the sample of a large array's values
     */
    static Report check(MultiLayerNetwork network, INDArray x, INDArray y, List<String> names, List<String> types,
                        List<String> unchecked, Settings settings, long seed) {
        int n = (int) x.size(0);
        DataSet data = new DataSet(x, y);
        network.setInput(x);
        network.setLabels(y);
        network.computeGradientAndScore();
        // DL4J's layers sum the gradient over the batch and its updater divides it; the loss is the batch's mean
        double perExample = network.getLayerWiseConfigurations().getConf(0).isMiniBatch() ? n : 1;
        Map<String, INDArray> gradients = new java.util.HashMap<>();
        network.gradient().gradientForVariable().forEach((key, gradient) -> gradients.put(key, gradient.dup().divi(perExample)));
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>(unchecked);
        Random random = new Random(seed);
        double maxError = 0;
        boolean passed = true;
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            for (Map.Entry<String, INDArray> parameter : layers[i].paramTable().entrySet()) {
                String name = parameter.getKey();
                if (RUNNING_STATISTICS.contains(name)) {
                    continue;
                }
                INDArray values = parameter.getValue();
                INDArray analytic = gradients.get(i + "_" + name);
                int[] picked = sample(values.length(), settings.perParameter(), random);
                double sum = 0;
                double max = 0;
                int failed = 0;
                for (int k : picked) {
                    // by coordinates: the parameter views are 'f' ordered, and a linear index would depend on that
                    long[] at = Shape.ind2subC(values, k);
                    double original = values.getDouble(at);
                    values.putScalar(at, original + settings.epsilon());
                    double plus = network.score(data, true);
                    values.putScalar(at, original - settings.epsilon());
                    double minus = network.score(data, true);
                    values.putScalar(at, original);
                    double numerical = (plus - minus) / (2 * settings.epsilon());
                    double a = analytic.getDouble(at);
                    double error = Math.abs(a - numerical) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(numerical)));
                    if (!(error <= settings.threshold())) {
                        failed++;
                    }
                    sum += error;
                    max = Math.max(max, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error);
                }
                rows.add(new Row(names.get(i), types.get(i), name, values.length(), picked.length, max,
                        picked.length == 0 ? 0 : sum / picked.length, failed));
                maxError = Math.max(maxError, max);
                passed &= failed == 0;
            }
        }
        return new Report(passed, settings.threshold(), settings.epsilon(), n, maxError, List.copyOf(rows), List.copyOf(notes));
    }

    /** Every index below {@code length}, or {@code limit} of them drawn without repetition, in increasing order. */
    private static int[] sample(long length, int limit, Random random) {
        if (limit <= 0 || length <= limit) {
            return IntStream.range(0, (int) length).toArray();
        }
        return random.ints(0, (int) length).distinct().limit(limit).sorted().toArray();
    }
}
