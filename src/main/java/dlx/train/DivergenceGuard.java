package dlx.train;

import dlx.config.Experiment;
import dlx.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stops a run whose training has blown up, at the iteration where it is seen, by what happened to the loss
 * and to the network:
 * <ul>
 *   <li>the loss is NaN or infinite (every iteration);</li>
 *   <li>a weight or a gradient is NaN or infinite, or a weight is beyond {@value #ABSURD} (every
 *       {@value #LOOK_EVERY} iterations and at each epoch's last, so no checkpoint holds such weights);</li>
 *   <li>a clipped loss (cross-entropy) stays pinned at its clip for {@value #PINNED} iterations in a row: every
 *       example is predicted with certainty, right or wrong, and the loss stops saying anything; with huge
 *       weights the softmax saturates this way instead of the loss becoming NaN.</li>
 * </ul>
 * A run that learns never comes near these: its weights stay within a few units, and its losses vary.
 */
final class DivergenceGuard implements LoopListener {
    /** Beyond any weight of a network that learns: float32 cannot step it by less than 1,000 (its ulp is 1,024). */
    static final double ABSURD = 1e10;
    /** Iterations between looks at the weights: one look reads every weight, about what a small update costs. */
    static final int LOOK_EVERY = 10;
    /** Iterations in a row with the loss pinned at its clip before the run counts as diverged. */
    static final int PINNED = 20;
    /** Batchnorm's running mean and variance are statistics of the data, not weights: raw data makes them large. */
    private static final List<String> STATISTICS = List.of("mean", "var", "log10stdev");

    private final Path lastCheckpoint;
    private final Clip clip;
    private TrainingContext context;
    private int batchesPerEpoch;
    private int pinned;

    /**
     * How a clipped loss looks when every output is at its clip: each labelled unit adds 0 or {@code ceiling},
     * so the batch's mean loss times its units is a whole multiple of {@code ceiling}.
     *
     * @param ceiling   the loss of one unit predicted wrong with certainty: -ln(the clip)
     * @param chance    the loss of an example predicted with uniform outputs (ln of the classes for a softmax)
     * @param units     labelled units of a full batch (examples × label steps)
     * @param lastUnits those of the epoch's last, smaller batch
     */
    record Clip(double ceiling, double chance, int units, int lastUnits) {
        /** DL4J's clips: softmax outputs to [1e-10, 1 - 1e-10] (MCXENT), sigmoid outputs to [1e-5, 1 - 1e-5] (XENT). */
        static Clip of(Experiment experiment, int rows, int labelSteps) {
            int outputs = experiment.model().outputLayer().units();
            var loss = experiment.model().outputLayer().loss();
            double ceiling = switch (loss) {
                case CROSS_ENTROPY -> -Math.log(1e-10);
                case BINARY_CROSS_ENTROPY -> -Math.log(1e-5);
                default -> Double.NaN;
            };
            double chance = switch (loss) {
                case CROSS_ENTROPY -> Math.log(outputs);
                default -> outputs * Math.log(2);
            };
            int batch = experiment.training().batchSize();
            int last = rows % batch == 0 ? batch : rows % batch;
            return new Clip(ceiling, chance, batch * labelSteps, last * labelSteps);
        }

        /**
         * Whether every unit of the batch is at its clip, and more of them wrong than right: a loss of at least twice
         * chance's. A network whose outputs are all uniform (a dead signal) loses ln 10 per example, a whole multiple
         * of ln 1e10 too, but it is at chance, not pinned.
         */
        boolean pins(double loss) {
            return !Double.isNaN(ceiling) && loss > 2 * chance
                    && (whole(loss * units / ceiling) || whole(loss * lastUnits / ceiling));
        }

        /** At least one unit at the clip and every other one at 0: a whole number, within rounding. */
        private static boolean whole(double units) {
            return units > 0.5 && Math.abs(units - Math.rint(units)) < 1e-3;
        }
    }

    /** @param lastCheckpoint checkpoints/last.zip, which the message says is kept when it exists */
    DivergenceGuard(Path lastCheckpoint, Clip clip) {
        this.lastCheckpoint = lastCheckpoint;
        this.clip = clip;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochBegin(int epoch, int batches) {
        batchesPerEpoch = batches;
    }

    @Override
    public void onIteration(int iteration, int epoch, double loss, double lr) {
        if (Double.isNaN(loss) || Double.isInfinite(loss)) {
            diverged("the loss became " + loss, iteration, epoch, lr);
            return;
        }
        pinned = clip.pins(loss) ? pinned + 1 : 0;
        if (pinned >= PINNED) {
            diverged(String.format(Locale.ROOT, "the loss has been pinned at its clip for %d iterations (%.4f: every"
                    + " example predicted with certainty, right or wrong, as saturated outputs do)", pinned, loss),
                    iteration, epoch, lr);
            return;
        }
        if (iteration % LOOK_EVERY == 0 || (batchesPerEpoch > 0 && iteration % batchesPerEpoch == 0)) {
            String blownUp = blownUp();
            if (blownUp != null) {
                diverged(blownUp, iteration, epoch, lr);
            }
        }
    }

    /** What is wrong with the weights or the gradient, or null. */
    private String blownUp() {
        var network = context.network();
        if (network == null) {
            return null;
        }
        INDArray gradient = network.getGradientsViewArray();
        if (gradient != null && !Double.isFinite(gradient.norm2Number().doubleValue())) {
            return "the gradient became non-finite (NaN or infinite)";
        }
        // one pass over all weights; only when it looks bad are they searched, batchnorm's statistics aside
        double norm = network.params().norm2Number().doubleValue();
        if (norm <= ABSURD) {
            return null;
        }
        double largest = 0;
        String where = null;
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            for (Map.Entry<String, INDArray> param : layers[i].paramTable().entrySet()) {
                double max = param.getValue().amaxNumber().doubleValue();
                boolean statistic = layers[i] instanceof BatchNormalization && STATISTICS.contains(param.getKey());
                // the largest magnitude passes NaN over; a sum does not
                if (!Double.isFinite(max) || !Double.isFinite(param.getValue().sumNumber().doubleValue())) {
                    return "the weights became non-finite (NaN or infinite) in model.layers[" + i + "]";
                }
                if (!statistic && max > largest) {
                    largest = max;
                    where = "model.layers[" + i + "]";
                }
            }
        }
        if (largest > ABSURD) {
            return String.format(Locale.ROOT, "a weight of %s reached %.3g (beyond %.0g: float32 can no longer step it"
                    + " by less than 1,000)", where, largest, ABSURD);
        }
        return null;
    }

    private void diverged(String what, int iteration, int epoch, double lr) {
        context.requestStop(RunStatus.DIVERGED, "diverged: " + what + " at iteration " + iteration + " (epoch " + epoch
                + ", lr " + lr + "); try a lower optimizer.lr, or regularization.gradient_clip. "
                + (lastCheckpoint != null && Files.exists(lastCheckpoint)
                ? "checkpoints/last.zip keeps the last good weights" + (context.epochsCompleted() > 0
                ? " (epoch " + context.epochsCompleted() + ")" : "")
                : "No checkpoint had been saved yet") + ".");
    }
}
