package dlx.train;

import dlx.run.RunFolder;
import java.nio.file.Files;

/**
 * metrics-steps.csv: the training loss every {@code training.log_every} iterations, and at the last iteration of
 * every epoch, so that a run with fewer iterations than log_every still has a loss curve.
 */
public final class StepMetricsCsv implements LoopListener {
    public static final String FILE = "metrics-steps.csv";
    private final RunFolder folder;
    private final int every;
    private int batchesPerEpoch;

    public StepMetricsCsv(RunFolder folder, int every) {
        this.folder = folder;
        this.every = every;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        if (!Files.exists(folder.file(FILE))) {
            folder.appendLine(FILE, "iteration,epoch,lr,loss");
        }
    }

    @Override
    public void onEpochBegin(int epoch, int batches) {
        batchesPerEpoch = batches;
    }

    @Override
    public void onIteration(int iteration, int epoch, double loss, double lr) {
        // iterations count across epochs from 1, and every epoch has the same number of batches
        if (iteration % every == 0 || iteration == epoch * batchesPerEpoch) {
            folder.appendLine(FILE, iteration + "," + epoch + "," + lr + "," + loss);
        }
    }
}
