package dlx.run;

/**
 * The loop's counters at the end of an epoch, kept in every checkpoint.
 *
 * @param epochsCompleted   epochs fully trained
 * @param iteration         parameter updates done
 * @param bestEpoch         the epoch (1-based) whose weights best.zip holds, or 0
 * @param bestValue         the monitored metric at that epoch
 * @param epochsWithoutImprovement early stopping's count
 */
public record TrainingState(int epochsCompleted, int iteration, int bestEpoch, Double bestValue,
                            int epochsWithoutImprovement) {
}
