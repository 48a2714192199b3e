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
public final class ReduceLrOnPlateau implements StatefulListener<ReduceLrOnPlateau.Counts> {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);

    /**
     * What it saves (the rate's scale itself is in the network's updater, which checkpoints hold). The names are
     * those of the flat state.json of earlier checkpoints, which therefore still resume with their counts.
     *
     * @param plateauBest   the monitor's best value so far, or null before the first epoch
     * @param plateauWaited epochs since it last saw an improvement or lowered the rate
     */
    public record Counts(Double plateauBest, int plateauWaited) {
    }

    private final ScheduleConfig.Plateau config;
    private final double lowestScale;
    private List<PlateauSchedule> schedules;
    private Counts counts = new Counts(null, 0);

    /** @param lr optimizer.lr, the rate that min_lr is a fraction of */
    public ReduceLrOnPlateau(ScheduleConfig.Plateau config, double lr) {
        this.config = config;
        this.lowestScale = config.minLr() / lr;
    }

    @Override
    public String stateName() {
        return "plateau";
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

    /** The config's monitor is one the run records: resolving the config checked it against the data section. */
    @Override
    public void onTrainBegin(TrainingContext context) {
        schedules = Optimizers.plateauSchedules(context.network());
        if (schedules.isEmpty()) {
            throw new IllegalStateException("schedule.type is plateau but the network's updater has no PlateauSchedule");
        }
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        double value = result.metric(config.monitor());
        Double best = counts.plateauBest();
        if (best == null || config.monitor().direction().better(value, best)) {
            counts = new Counts(value, 0);
            return;
        }
        int waited = counts.plateauWaited() + 1;
        if (waited < config.patience()) {
            counts = new Counts(best, waited);
            return;
        }
        counts = new Counts(best, 0);
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
