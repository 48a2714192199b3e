package dlx.optim.updater;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * What dlx's own updaters share with DL4J's: a learning rate, or a schedule that overrides it. Bean
 * properties, because DL4J writes updaters into the model's JSON by class name and properties.
 */
abstract class ScheduledUpdater implements IUpdater {
    private double learningRate;
    private ISchedule learningRateSchedule;

    ScheduledUpdater() {
    }

    ScheduledUpdater(ISchedule learningRateSchedule) {
        this.learningRateSchedule = learningRateSchedule;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule learningRateSchedule) {
        this.learningRateSchedule = learningRateSchedule;
    }

    /**
     * A copy of {@code schedule}, or null; for clones of dlx's updaters and of the DL4J ones dlx extends
     * (DL4J's own AdaGrad clone drops the schedule).
     */
    static ISchedule copyOf(ISchedule schedule) {
        return schedule == null ? null : schedule.clone();
    }

    /** Each layer gets an updater of its own, schedule included. */
    @Override
    public abstract IUpdater clone();

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }
}
