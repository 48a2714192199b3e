package dlx.train;

import dlx.config.ScheduleConfig;
import dlx.optim.Optimizers;
import dlx.optim.schedule.PlateauSchedule;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiplies the learning rate by {@code factor} when {@code monitor} has not improved for
 * {@code patience} epochs in a row, never below {@code min_lr} (Keras' ReduceLROnPlateau, without
 * cooldown or min_delta: any improvement counts). It lowers the scale of the network's
 * {@link PlateauSchedule}s, so the rate the updater applies, metrics.csv's lr and checkpoints follow.
 * The waiting starts over after each reduction.
 */
public final class ReduceLrOnPlateau implements LoopListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);

    private final ScheduleConfig.Plateau config;
    private final double lowestScale;
    private List<PlateauSchedule> schedules;
    private TrainingContext context;

    /** @param lr optimizer.lr, the rate that min_lr is a fraction of */
    public ReduceLrOnPlateau(ScheduleConfig.Plateau config, double lr) {
        this.config = config;
        this.lowestScale = config.minLr() / lr;
    }

    /** The config's monitor is one the run records: resolving the config checked it against the data section. */
    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
        schedules = Optimizers.plateauSchedules(context.network());
        if (schedules.isEmpty()) {
            throw new IllegalStateException("schedule.type is plateau but the network's updater has no PlateauSchedule");
        }
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        // best and waited live in the context, so checkpoints carry them and a resumed run keeps counting
        double value = result.metric(config.monitor());
        Double best = context.plateauBest();
        if (best == null || config.monitor().direction().better(value, best)) {
            context.setPlateau(value, 0);
            return;
        }
        int waited = context.plateauWaited() + 1;
        if (waited < config.patience()) {
            context.setPlateau(best, waited);
            return;
        }
        context.setPlateau(best, 0);
        double scale = schedules.get(0).getScale();
        double lowered = Math.max(scale * config.factor(), lowestScale);
        if (lowered < scale) {
            schedules.forEach(s -> s.setScale(lowered));
            // the rate the next epoch starts at (warm-up included), which metrics.csv's lr shows from then on
            double rate = schedules.get(0).valueAt(result.iteration(), result.epoch());
            LOG.info("epoch {}: {} has not improved for {} epoch(s) (best {}); learning rate lowered to {}"
                    + " (reductions so far: x{})", result.epoch(), config.monitor(), config.patience(), best, rate,
                    lowered);
        }
    }

    /** The factor the schedule's rate is multiplied by now (1 until the first reduction). */
    public double scale() {
        return schedules.get(0).getScale();
    }
}
