package dlx.optim;
import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.OptimizerConfig;
import dlx.config.ScheduleConfig;
import dlx.optim.schedule.CosineSchedule;
import dlx.optim.schedule.OneCycleSchedule;
import dlx.optim.schedule.PlateauSchedule;
import dlx.optim.schedule.PolynomialDecaySchedule;
import dlx.optim.schedule.WarmupSchedule;
import dlx.optim.updater.ClassicalMomentum;
import dlx.optim.updater.FusedAdam;
import dlx.optim.updater.Nadam;
import dlx.optim.updater.ScheduledAdaGrad;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Turns the optimizer and schedule sections of a resolved config into a DL4J updater. */
public final class Optimizers {
    /** Iterations per epoch when the caller cannot know them; schedules over the run's iterations then refuse. */
    public static final int ITERATIONS_PER_EPOCH_UNKNOWN = 0;

    private Optimizers() {
    }

    /** The updater of an experiment whose epochs have {@code iterationsPerEpoch} batches each. */
    public static IUpdater updater(Experiment experiment, int iterationsPerEpoch) {
        return updater(experiment.optimizer(), experiment.schedule(), experiment.training().epochs(), iterationsPerEpoch);
    }

    /**
     * @param epochs             training.epochs: the run's length for cosine, poly and one_cycle
     * @param iterationsPerEpoch batches per epoch: needed when those count iterations
     */
    public static IUpdater updater(OptimizerConfig optimizer, ScheduleConfig schedule, int epochs, int iterationsPerEpoch) {
        OptimizerConfig.Type type = optimizer.optimizerType();
        if (!type.hasLearningRate()) {
            return new AdaDelta(optimizer.rho(), optimizer.epsilon()); // Experiment.resolve refused any schedule for it
        }
        ISchedule lr = schedule(schedule, optimizer.lr(), epochs, iterationsPerEpoch);
        return switch (type) {
            case SGD -> new Sgd(lr);
            case MOMENTUM -> new ClassicalMomentum(lr, optimizer.momentum());
            case NESTEROV -> new Nesterovs(lr, optimizer.momentum());
            case ADAGRAD -> new ScheduledAdaGrad(lr, optimizer.epsilon());
            case RMSPROP -> {
                RmsProp rmsProp = new RmsProp(lr);
                rmsProp.setRmsDecay(optimizer.rho());
                rmsProp.setEpsilon(optimizer.epsilon());
                yield rmsProp;
            }
            case ADAM -> {
                Adam adam = new FusedAdam(lr);
                adam.setBeta1(optimizer.beta1());
                adam.setBeta2(optimizer.beta2());
                adam.setEpsilon(optimizer.epsilon());
                yield adam;
            }
            case ADAMAX -> {
                AdaMax adaMax = new AdaMax(lr);
                adaMax.setBeta1(optimizer.beta1());
                adaMax.setBeta2(optimizer.beta2());
                adaMax.setEpsilon(optimizer.epsilon());
                yield adaMax;
            }
            case NADAM -> new Nadam(lr, optimizer.beta1(), optimizer.beta2(), optimizer.epsilon());
            case AMSGRAD -> {
                AMSGrad amsGrad = new AMSGrad(lr);
                amsGrad.setBeta1(optimizer.beta1());
                amsGrad.setBeta2(optimizer.beta2());
                amsGrad.setEpsilon(optimizer.epsilon());
                yield amsGrad;
            }
            case ADADELTA -> throw new IllegalStateException("adadelta is handled above: it has no learning rate");
        };
    }

    /**
     * Gives schedules that span the run (cosine, poly, one_cycle) the run's new length after
     * {@code --resume --set training.epochs=N}. The updaters keep their state: DL4J's gradient updaters
     * hold the very config objects whose schedule is replaced here.
     */
    public static void stretchToRun(org.deeplearning4j.nn.multilayer.MultiLayerNetwork network, Experiment experiment,
                                    int iterationsPerEpoch) {
        if (!experiment.schedule().spansTheRun()) {
            return;
        }
        double lr = experiment.optimizer().lr();
        ISchedule stretched = schedule(experiment.schedule(), lr, experiment.training().epochs(), iterationsPerEpoch);
        for (var conf : network.getLayerWiseConfigurations().getConfs()) {
            if (conf.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer layer && layer.getIUpdater() != null
                    && layer.getIUpdater().hasLearningRate()) {
                layer.getIUpdater().setLrAndSchedule(lr, stretched.clone());
            }
        }
    }

    /**
     * The learning rate as a function of (iteration, epoch), both counted from 0.
     *
     * @param epochs             the run's length in epochs (used by cosine, poly and one_cycle)
     * @param iterationsPerEpoch batches per epoch (used by those when they count iterations)
     */
    public static ISchedule schedule(ScheduleConfig schedule, double lr, int epochs, int iterationsPerEpoch) {
        ScheduleType unit = schedule.unit().equals("epoch") ? ScheduleType.EPOCH : ScheduleType.ITERATION;
        int warmup = schedule.warmup() == null ? 0 : schedule.warmup();
        int length = 0;
        if (schedule.spansTheRun()) {
            if (unit == ScheduleType.ITERATION && iterationsPerEpoch <= ITERATIONS_PER_EPOCH_UNKNOWN) {
                throw new IllegalArgumentException(schedule.type() + " over iterations needs the iterations per epoch");
            }
            int run = unit == ScheduleType.EPOCH ? epochs : epochs * iterationsPerEpoch;
            length = run - warmup;
            if (length < 1) {
                throw new ConfigException("schedule.warmup", warmup + " " + schedule.unit() + "s leave nothing of the run ("
                        + run + " " + schedule.unit() + "s) for " + schedule.type() + "; make it shorter");
            }
        }
        ISchedule main = switch (schedule.type()) {
            case "step" -> new StepSchedule(unit, lr, schedule.gamma(), schedule.stepSize());
            case "multistep" -> new MapSchedule(unit, multistep(lr, schedule.milestones(), schedule.gamma()));
            case "exponential" -> new ExponentialSchedule(unit, lr, schedule.gamma());
            case "inverse" -> new InverseSchedule(unit, lr, schedule.gamma(), schedule.power());
            case "poly" -> new PolynomialDecaySchedule(unit, lr, schedule.minLr(), schedule.power(), length);
            case "cosine" -> new CosineSchedule(unit, lr, schedule.minLr(), length);
            case "one_cycle" -> new OneCycleSchedule(unit, lr, schedule.maxLr(), schedule.minLr(), length);
            default -> new FixedSchedule(lr); // constant, and plateau's starting point
        };
        if (warmup > 0) {
            main = new WarmupSchedule(unit, warmup, main);
        }
        return schedule.type().equals("plateau") ? new PlateauSchedule(main, 1.0) : main;
    }

    /** lr until the first milestone, then lr·gamma until the second, and so on. */
    private static Map<Integer, Double> multistep(double lr, List<Integer> milestones, double gamma) {
        Map<Integer, Double> values = new HashMap<>();
        values.put(0, lr);
        for (int i = 0; i < milestones.size(); i++) {
            values.put(milestones.get(i), lr * Math.pow(gamma, i + 1));
        }
        return values;
    }

    /** The plateau schedules of a network: every layer holds its own copy of the updater and so of its schedule. */
    public static List<PlateauSchedule> plateauSchedules(MultiLayerNetwork network) {
        List<PlateauSchedule> found = new ArrayList<>();
        for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
            if (conf.getLayer() instanceof BaseLayer layer && learningRateSchedule(layer.getIUpdater()) instanceof PlateauSchedule p) {
                found.add(p);
            }
        }
        return found;
    }

    private static ISchedule learningRateSchedule(IUpdater updater) {
        if (updater instanceof Sgd u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof ClassicalMomentum u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof Nesterovs u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof AdaGrad u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof RmsProp u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof Adam u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof AdaMax u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof Nadam u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof org.nd4j.linalg.learning.config.Nadam u) {
            return u.getLearningRateSchedule(); // checkpoints from before dlx had its own Nadam
        } else if (updater instanceof AMSGrad u) {
            return u.getLearningRateSchedule();
        }
        return null;
    }
}
