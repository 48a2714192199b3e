package dlx.optim;

import dlx.config.OptimizerConfig;
import dlx.config.ScheduleConfig;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Turns the optimizer and schedule sections of a resolved config into a DL4J updater. */
public final class Optimizers {
    private Optimizers() {
    }

    public static IUpdater updater(OptimizerConfig optimizer, ScheduleConfig schedule) {
        ISchedule lr = schedule(schedule, optimizer.lr());
        return switch (optimizer.optimizerType()) {
            case SGD -> new Sgd(lr);
            case MOMENTUM -> new ClassicalMomentum(lr, optimizer.momentum());
            case ADAGRAD -> new AdaGrad(lr, optimizer.epsilon());
            case RMSPROP -> {
                RmsProp rmsProp = new RmsProp(lr);
                rmsProp.setRmsDecay(optimizer.rho());
                rmsProp.setEpsilon(optimizer.epsilon());
                yield rmsProp;
            }
            case ADAM -> {
                Adam adam = new Adam(lr);
                adam.setBeta1(optimizer.beta1());
                adam.setBeta2(optimizer.beta2());
                adam.setEpsilon(optimizer.epsilon());
                yield adam;
            }
        };
    }

    /** The learning rate as a function of (iteration, epoch). */
    public static ISchedule schedule(ScheduleConfig schedule, double lr) {
        ScheduleType unit = schedule.unit().equals("epoch") ? ScheduleType.EPOCH : ScheduleType.ITERATION;
        return switch (schedule.type()) {
            case "step" -> new StepSchedule(unit, lr, schedule.gamma(), schedule.stepSize());
            case "exponential" -> new ExponentialSchedule(unit, lr, schedule.gamma());
            default -> new FixedSchedule(lr);
        };
    }
}
