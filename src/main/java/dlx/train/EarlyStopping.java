package dlx.train;

import dlx.config.TrainingConfig;
import dlx.run.RunStatus;
import java.util.Locale;

/**
 * Stops training when {@code monitor} has not improved by more than {@code min_delta} for
 * {@code patience} epochs in a row (Keras' EarlyStopping). The best weights are in best.zip. Its counts
 * live in the training context, so checkpoints carry them and a resumed run keeps counting.
 */
public final class EarlyStopping implements LoopListener {
    private final TrainingConfig.EarlyStopping config;
    private TrainingContext context;

    public EarlyStopping(TrainingConfig.EarlyStopping config) {
        this.config = config;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        double value = result.metric(config.monitor());
        Double best = context.monitorBest();
        if (best == null || config.mode().gain(best, value) > config.minDelta()) {
            context.setMonitorBest(value, result.epoch());
            context.setEpochsWithoutImprovement(0);
            return;
        }
        int waited = context.epochsWithoutImprovement() + 1;
        context.setEpochsWithoutImprovement(waited);
        if (waited >= config.patience()) {
            context.requestStop(RunStatus.STOPPED_EARLY, String.format(Locale.ROOT,
                    "stopped early at epoch %d: %s has not improved by more than %s for %d epochs (best %.4f at epoch %d)",
                    result.epoch(), config.monitor(), config.minDelta(), waited, best, context.monitorBestEpoch()));
        }
    }
}
