package dlx.train;

import dlx.run.RunFolder;
import java.nio.file.Files;

/** metrics-steps.csv: the training loss every {@code training.log_every} iterations. */
public final class StepMetricsCsv implements LoopListener {
    public static final String FILE = "metrics-steps.csv";
    private final RunFolder folder;
    private final int every;

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
    public void onIteration(int iteration, int epoch, double loss, double lr) {
        if (iteration % every == 0) {
            folder.appendLine(FILE, iteration + "," + epoch + "," + lr + "," + loss);
        }
    }
}
