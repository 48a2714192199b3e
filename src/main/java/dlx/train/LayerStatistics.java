package dlx.train;

import dlx.config.LayerConfig;
import dlx.config.ModelSummary;
import dlx.run.RunFolder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * layers.csv: every {@code training.record.every} iterations, one row per layer with its activations'
 * mean and std, the fraction of saturated sigmoid/tanh outputs or of dead ReLUs, the norm of its
 * gradient and the ratio of its update's norm to its parameters' norm.
 *
 * <p>Measured through DL4J's own listener hooks on the training step itself: no extra forward pass,
 * no number of the run changes, and between recordings each hook returns at once.
 */
public final class LayerStatistics implements LoopListener {
    /** The columns after iteration, epoch, layer and type: what {@code dlx plot --metric layers.NAME} can draw. */
    public static final List<String> MEASURES = List.of("act_mean", "act_std", "saturated", "dead", "grad_norm",
            "update_ratio");
    private static final int ACT_MEAN = MEASURES.indexOf("act_mean");
    private static final int ACT_STD = MEASURES.indexOf("act_std");
    private static final int SATURATED = MEASURES.indexOf("saturated");
    private static final int DEAD = MEASURES.indexOf("dead");
    private static final int GRAD_NORM = MEASURES.indexOf("grad_norm");
    private static final int UPDATE_RATIO = MEASURES.indexOf("update_ratio");
    /** Below or above these a sigmoid output is saturated; beyond ±TANH_SATURATED a tanh output. */
    private static final double SIGMOID_LOW = 0.01;
    private static final double SIGMOID_HIGH = 0.99;
    private static final double TANH_SATURATED = 0.99;

    private final RunFolder folder;
    private final int every;
    private final List<LayerConfig> layers;
    /** Per layer, the {@link #MEASURES} of the step being recorded; NaN where they do not apply. */
    private final double[][] measured;
    private final double[] parameterNorms;
    private boolean complete;

    public LayerStatistics(RunFolder folder, int every, List<LayerConfig> layers) {
        this.folder = folder;
        this.every = every;
        this.layers = List.copyOf(layers);
        this.measured = new double[layers.size()][MEASURES.size()];
        this.parameterNorms = new double[layers.size()];
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        folder.appendRows(RunFolder.LAYERS, header(), List.of());
        context.network().addListeners(new Hooks());
    }

    @Override
    public void onIteration(int iteration, int epoch, double loss, double lr) {
        if (!complete) {
            return;
        }
        complete = false;
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(iteration, epoch, i, ModelSummary.kind(layers.get(i))));
            Arrays.stream(measured[i]).forEach(row::add);
            rows.add(row);
        }
        // one write for all layers: a killed run leaves whole rows (a cut one is dropped when read)
        folder.appendRows(RunFolder.LAYERS, header(), rows);
    }

    private static List<String> header() {
        List<String> header = new ArrayList<>(List.of("iteration", "epoch", "layer", "type"));
        header.addAll(MEASURES);
        return header;
    }

    /** DL4J's hooks, in the order one training step calls them. */
    private final class Hooks extends BaseTrainingListener {
        /** The step now running ends iteration count + 1, the number the loop and metrics-steps.csv give it. */
        private boolean recording(Model model) {
            return (((MultiLayerNetwork) model).getIterationCount() + 1) % every == 0;
        }

        /** Called with the input and every layer's output but the output layer's, in DL4J's workspace. */
        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            if (!recording(model)) {
                return;
            }
            for (double[] row : measured) {
                Arrays.fill(row, Double.NaN);
            }
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (int i = 0; i + 1 < activations.size() && i < layers.size(); i++) {
                    LayerConfig layer = layers.get(i);
                    activationStatistics(activations.get(i + 1), layer.activation() == null ? null
                            : layer.activation().type(), measured[i]);
                }
            }
        }

        /** The gradient of the batch's summed loss, before the updater divides it and turns it into the update. */
        @Override
        public void onGradientCalculation(Model model) {
            if (!recording(model)) {
                return;
            }
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            Map<String, INDArray> gradients = network.gradient().gradientForVariable();
            for (int i = 0; i < layers.size(); i++) {
                String prefix = i + "_";
                Layer layer = network.getLayer(i);
                measured[i][GRAD_NORM] = norm(layer, name -> gradients.get(prefix + name)) / network.batchSize();
                parameterNorms[i] = norm(layer, layer::getParam);
            }
        }

        /** After the step: the gradient arrays now hold the update that was subtracted from the parameters. */
        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (!recording(model)) {
                return;
            }
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            Map<String, INDArray> updates = network.gradient().gradientForVariable();
            for (int i = 0; i < layers.size(); i++) {
                String prefix = i + "_";
                measured[i][UPDATE_RATIO] = norm(network.getLayer(i), name -> updates.get(prefix + name)) / parameterNorms[i];
            }
            complete = true;
        }
    }

    /**
     * The norm of one array per trainable parameter of the layer, taken together; NaN for a layer
     * without any. Batch norm's running mean and variance are not trained by the gradient (DL4J does
     * not divide them by the batch size either) and are left out.
     */
    private static double norm(Layer layer, Function<String, INDArray> arrayOf) {
        double squares = 0;
        boolean any = false;
        for (String name : layer.paramTable().keySet()) {
            INDArray array = arrayOf.apply(name);
            if (array != null && layer.updaterDivideByMinibatch(name)) {
                double norm = array.norm2Number().doubleValue();
                squares += norm * norm;
                any = true;
            }
        }
        return any ? Math.sqrt(squares) : Double.NaN;
    }

    /**
     * Mean and std over every value of the batch's activations; for sigmoid and tanh the fraction of
     * values that are saturated; for relu the fraction of units (one output value of the layer) that
     * are 0 for every example of the batch.
     */
    private static void activationStatistics(INDArray activations, String function, double[] into) {
        into[ACT_MEAN] = activations.meanNumber().doubleValue();
        into[ACT_STD] = activations.stdNumber(false).doubleValue();
        double count = activations.length();
        if ("sigmoid".equals(function)) {
            into[SATURATED] = (activations.scan(Conditions.lessThan(SIGMOID_LOW)).doubleValue()
                    + activations.scan(Conditions.greaterThan(SIGMOID_HIGH)).doubleValue()) / count;
        } else if ("tanh".equals(function)) {
            into[SATURATED] = activations.scan(Conditions.absGreaterThan(TANH_SATURATED)).doubleValue() / count;
        } else if ("relu".equals(function)) {
            INDArray largest = activations.reshape(activations.size(0), -1).max(0);
            into[DEAD] = largest.scan(Conditions.lessThanOrEqual(0)).doubleValue() / largest.length();
        }
    }
}
