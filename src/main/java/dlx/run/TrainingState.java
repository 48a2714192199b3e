package dlx.run;

/**
 * The loop's counters, kept in every checkpoint so that a resumed run goes on where this one stopped.
 *
 * @param epochsCompleted          epochs fully trained
 * @param iteration                parameter updates done (beyond epochsCompleted's when saved mid-epoch)
 * @param bestEpoch                the epoch (1-based) whose weights best.zip holds, or 0
 * @param bestValue                the checkpoint metric at that epoch
 * @param epochsWithoutImprovement early stopping's count
 * @param monitorBest              early stopping's best value of its monitor, or null
 * @param monitorBestEpoch         the epoch of that value, or 0
 * @param plateauBest              the plateau schedule's best value of its monitor, or null
 * @param plateauWaited            epochs since the plateau schedule last saw an improvement or lowered the rate
 */
public record TrainingState(int epochsCompleted, int iteration, int bestEpoch, Double bestValue,
                            int epochsWithoutImprovement, Double monitorBest, int monitorBestEpoch,
                            Double plateauBest, int plateauWaited) {
    public static final TrainingState START = new TrainingState(0, 0, 0, null, 0, null, 0, null, 0);

    /** The same counters with another best epoch (0: none yet) and its value. */
    public TrainingState withBest(int epoch, Double value) {
        return new TrainingState(epochsCompleted, iteration, epoch, value, epochsWithoutImprovement, monitorBest,
                monitorBestEpoch, plateauBest, plateauWaited);
    }
}
