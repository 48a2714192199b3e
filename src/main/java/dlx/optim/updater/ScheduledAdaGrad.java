package dlx.optim.updater;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * DL4J's AdaGrad with a {@link #clone()} that keeps the learning-rate schedule. DL4J M2.1's clone, which
 * gives each layer its own copy, keeps only the fixed rate, and a scheduled AdaGrad's fixed rate is NaN:
 * every layer then stepped by NaN and training diverged at its second iteration.
 */
public class ScheduledAdaGrad extends AdaGrad {
    public ScheduledAdaGrad() {
    }

    public ScheduledAdaGrad(ISchedule learningRateSchedule, double epsilon) {
        super(learningRateSchedule, epsilon);
    }

    @Override
    public ScheduledAdaGrad clone() {
        ScheduledAdaGrad copy = new ScheduledAdaGrad();
        copy.setLrAndSchedule(getLearningRate(),
                ScheduledUpdater.copyOf(getLearningRateSchedule()));
        copy.setEpsilon(getEpsilon());
        return copy;
    }
}
