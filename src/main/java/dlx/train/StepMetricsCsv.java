package dlx.train;

import dlx.run.RunFolder;
import java.util.List;

/**
 * metrics-steps.csv: the training loss every {@code training.log_every} iterations, and at the last iteration of
 * every epoch, so that a run with fewer iterations than log_every still has a loss curve.
 */
public final class StepMetricsCsv implements LoopListener {
    private static final List<String> HEADER = List.of("iteration", "epoch", "lr", "loss");
    private final RunFolder folder;
    private final int every;
    private int batchesPerEpoch;

    public StepMetricsCsv(RunFolder folder, int every) {
        this.folder = folder;
        this.every = every;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        // a run whose first epoch is shorter than log_every still gets the header, and a readable empty file
        folder.appendRows(RunFolder.STEPS, HEADER, List.of());
    }

    @Override
    public void onEpochBegin(int epoch, int batches) {
        batchesPerEpoch = batches;
    }

    @Override
    public void onIteration(int iteration, int epoch, double loss, double lr) {
        // iterations count across epochs from 1, and every epoch has the same number of batches
        if (iteration % every == 0 || iteration == epoch * batchesPerEpoch) {
            folder.appendRows(RunFolder.STEPS, HEADER, List.of(List.of(iteration, epoch, lr, loss)));
        }
    }
}
