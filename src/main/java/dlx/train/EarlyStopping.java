package dlx.train;

import dlx.config.TrainingConfig;
import dlx.run.RunStatus;
import java.util.Locale;

/**
 * Stops training when {@code monitor} has not improved by more than {@code min_delta} for
 * {@code patience} epochs in a row (Keras' EarlyStopping). The best weights are in best.zip. Its counts
 * go into every checkpoint, so a resumed run keeps counting.
 */
public final class EarlyStopping implements StatefulListener<EarlyStopping.Counts> {
    /**
     * What it saves. The names are those of the flat state.json of earlier checkpoints, which therefore still
     * resume with their counts.
     *
     * @param epochsWithoutImprovement epochs since the monitor last improved
     * @param monitorBest              the monitor's best value so far, or null before the first epoch
     * @param monitorBestEpoch         the epoch of that value, or 0
     */
    public record Counts(int epochsWithoutImprovement, Double monitorBest, int monitorBestEpoch) {
    }

    private final TrainingConfig.EarlyStopping config;
    private TrainingContext context;
    private Counts counts = new Counts(0, null, 0);

    public EarlyStopping(TrainingConfig.EarlyStopping config) {
        this.config = config;
    }

    @Override
    public String stateName() {
        return "early_stopping";
    }

    @Override
    public Class<Counts> stateType() {
        return Counts.class;
    }

    @Override
    public Counts state() {
        return counts;
    }

    @Override
    public void restore(Counts saved) {
        counts = saved;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        double value = result.metric(config.monitor());
        Double best = counts.monitorBest();
        if (best == null || config.mode().gain(best, value) > config.minDelta()) {
            counts = new Counts(0, value, result.epoch());
            return;
        }
        int waited = counts.epochsWithoutImprovement() + 1;
        counts = new Counts(waited, best, counts.monitorBestEpoch());
        if (waited >= config.patience()) {
            context.requestStop(RunStatus.STOPPED_EARLY, String.format(Locale.ROOT,
                    "stopped early at epoch %d: %s has not improved by more than %s for %d epochs (best %.4f at epoch %d)",
                    result.epoch(), config.monitor(), config.minDelta(), waited, best, counts.monitorBestEpoch()));
        }
    }
}
