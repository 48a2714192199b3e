package dlx.train;

/**
 * One concern of the training loop (metrics, checkpoints, early stopping, progress …). The loop
 * calls every listener at the same points and does not grow when a listener is added.
 */
public interface LoopListener {
    default void onTrainBegin(TrainingContext context) {
    }

    default void onEpochBegin(int epoch, int batches) {
    }

    /** After each parameter update; {@code loss} is the batch's training loss as DL4J reports it. */
    default void onIteration(int iteration, int epoch, double loss, double lr) {
    }

    default void onEpochEnd(EpochResult result) {
    }

    default void onTrainEnd(Outcome outcome) {
    }
}
