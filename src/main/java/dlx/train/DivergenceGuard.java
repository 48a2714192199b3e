package dlx.train;

/** Stops the run as soon as the training loss is NaN or infinite: nothing useful comes after. */
public final class DivergenceGuard implements LoopListener {
    private TrainingContext context;

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onIteration(int iteration, int epoch, double loss, double lr) {
        if (Double.isNaN(loss) || Double.isInfinite(loss)) {
            context.requestStop(Outcome.DIVERGED, "diverged: the loss became " + loss + " at iteration " + iteration
                    + " (epoch " + epoch + ", lr " + lr + "); try a lower optimizer.lr."
                    + " The last good checkpoint is kept.");
        }
    }
}
