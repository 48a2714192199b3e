package dlx.eval;

import dlx.config.Loss;
import dlx.data.Batches;
import dlx.data.Split;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A network's predictions on one split in inference mode (no dropout, batch norm's running
 * statistics), and the data loss over them. The loss follows DL4J's definitions (summed over the
 * output units, averaged over examples) without the regularization penalty, like a PyTorch criterion;
 * rmse is the root of the mean squared error over the whole split.
 * A split labelled at every time step is scored per step: its loss is the mean over all labelled steps.
 *
 * @param predictedLabels classification: the arg-max class per row (per row and step, in the order of
 *                        {@link Split#labels()}), or with one sigmoid output class 1 where it exceeds 0.5;
 *                        null for regression
 * @param predictedValues regression: the prediction per row; null for classification
 */
public record SplitEvaluation(double loss, int[] predictedLabels, float[] predictedValues) {
    /**
     * Examples per forward pass, in training's per-epoch evaluation and in dlx eval alike. Inference changes no
     * number with the batch size: large enough to amortise per-batch cost, small enough that a CNN's evaluation
     * activations stay modest in RSS.
     */
    public static final int BATCH_SIZE = 256;
    private static final double CLIP = 1e-10;

    /**
     * @param outputs   the network's output units: the classes, or 1 for regression and for a two-class split
     *                  read by one sigmoid output
     * @param timesteps the sequence length a recurrent model reads each row as; 0 for other models
     */
    public static SplitEvaluation of(MultiLayerNetwork network, Split split, int outputs, int timesteps, Loss loss) {
        return of(network, split, new Batches(split, outputs, timesteps, BATCH_SIZE, false, 0), outputs, loss);
    }

    /**
     * Scores {@code split} through batches made of it once: the trainer evaluates every epoch, and
     * copying a split into ND4J each time would cost time and memory.
     */
    public static SplitEvaluation of(MultiLayerNetwork network, Split split, Batches batches, int outputs, Loss loss) {
        boolean classification = split.labels() != null;
        int width = classification ? outputs : 1;
        int steps = split.labelSteps();
        int[] labels = classification ? new int[split.rows() * steps] : null;
        float[] values = classification ? null : new float[split.rows()];
        double total = 0;
        int row = 0;
        batches.setEpoch(0);
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray output = network.output(batch.getFeatures(), false);
            // [n, classes] or, per step, [n, classes, steps]: class k of row i at step t is at (i * classes + k) * steps + t
            INDArray ordered = output.dup('c');
            float[] out = ordered.data().asFloat();
            int n = (int) output.size(0);
            // free the off-heap memory now, not at the next GC
            ordered.close();
            if (output.closeable()) {
                output.close();
            }
            batches.release();
            for (int i = 0; i < n; i++, row++) {
                if (classification) {
                    for (int t = 0; t < steps; t++) {
                        int at = row * steps + t;
                        int offset = i * width * steps + t;
                        labels[at] = width == 1 ? (out[offset] > 0.5f ? 1 : 0) : argMax(out, offset, width, steps);
                        total += classificationLoss(loss, out, offset, width, steps, split.labels()[at]);
                    }
                } else {
                    values[row] = out[i];
                    total += regressionLoss(loss, out[i] - split.targets()[row]);
                }
            }
        }
        double mean = total / ((double) split.rows() * steps);
        return new SplitEvaluation(split.rows() == 0 ? Double.NaN : loss == Loss.RMSE ? Math.sqrt(mean) : mean, labels, values);
    }

    /** One example's loss for a prediction off by {@code error}; rmse's squared error, rooted over the split. */
    static double regressionLoss(Loss loss, double error) {
        return switch (loss) {
            case MAE -> Math.abs(error);
            case SSE -> 0.5 * error * error;
            default -> error * error;
        };
    }

    public double accuracy(Split split) {
        int correct = 0;
        for (int i = 0; i < predictedLabels.length; i++) {
            if (predictedLabels[i] == split.labels()[i]) {
                correct++;
            }
        }
        return predictedLabels.length == 0 ? Double.NaN : (double) correct / predictedLabels.length;
    }

    /** The fraction of rows whose every labelled step is predicted right: whole answers, not characters. */
    public double sequenceAccuracy(Split split) {
        int steps = split.labelSteps();
        int right = 0;
        for (int row = 0; row < split.rows(); row++) {
            boolean all = true;
            for (int t = 0; t < steps && all; t++) {
                all = predictedLabels[row * steps + t] == split.labels()[row * steps + t];
            }
            right += all ? 1 : 0;
        }
        return split.rows() == 0 ? Double.NaN : (double) right / split.rows();
    }

    public RegressionMetrics regression(Split split) {
        return RegressionMetrics.of(split.targets(), predictedValues);
    }

    public ClassificationMetrics classification(Split split, java.util.List<String> classNames) {
        return ClassificationMetrics.of(split.labels(), predictedLabels, classNames);
    }

    /**
     * One example's loss, as DL4J's loss functions define it (summed over the output units); output unit k
     * is at {@code offset + k * stride}. With one output (width 1) its target is the label itself, 0 or 1.
     */
    static double classificationLoss(Loss loss, float[] out, int offset, int width, int stride, int label) {
        if (loss == Loss.CROSS_ENTROPY) {
            return -Math.log(Math.max(out[offset + label * stride], CLIP));
        }
        double sum = 0;
        for (int k = 0; k < width; k++) {
            double y = out[offset + k * stride];
            int target = width == 1 ? label : k == label ? 1 : 0;
            switch (loss) {
                // one-vs-rest: the label's output should be >= 1, every other output <= -1
                case HINGE -> sum += Math.max(0, 1 - (2 * target - 1) * y);
                case SSE -> sum += 0.5 * (y - target) * (y - target);
                default -> {
                    double p = Math.min(Math.max(y, CLIP), 1 - CLIP);
                    sum -= target == 1 ? Math.log(p) : Math.log(1 - p);
                }
            }
        }
        return sum;
    }

    private static int argMax(float[] values, int offset, int width, int stride) {
        int best = 0;
        for (int k = 1; k < width; k++) {
            if (values[offset + k * stride] > values[offset + best * stride]) {
                best = k;
            }
        }
        return best;
    }
}
