package dlx.optim;

import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.OptimizerConfig;
import dlx.config.ScheduleConfig;
import dlx.config.ScheduleUnit;
import dlx.optim.schedule.CosineSchedule;
import dlx.optim.schedule.OneCycleSchedule;
import dlx.optim.schedule.PlateauSchedule;
import dlx.optim.schedule.PolynomialDecaySchedule;
import dlx.optim.schedule.WarmupSchedule;
import dlx.optim.updater.AdaDelta;
import dlx.optim.updater.ClassicalMomentum;
import dlx.optim.updater.Ftrl;
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
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.AMSGrad;
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
        ISchedule lr = schedule(schedule, optimizer.lr(), epochs, iterationsPerEpoch);
        if (optimizer instanceof OptimizerConfig.Sgd) {
            return new Sgd(lr);
        } else if (optimizer instanceof OptimizerConfig.Momentum m) {
            return new ClassicalMomentum(lr, m.momentum());
        } else if (optimizer instanceof OptimizerConfig.Nesterov n) {
            return new Nesterovs(lr, n.momentum());
        } else if (optimizer instanceof OptimizerConfig.AdaGrad a) {
            return new ScheduledAdaGrad(lr, a.epsilon());
        } else if (optimizer instanceof OptimizerConfig.RmsProp r) {
            RmsProp rmsProp = new RmsProp(lr);
            rmsProp.setRmsDecay(r.rho());
            rmsProp.setEpsilon(r.epsilon());
            return rmsProp;
        } else if (optimizer instanceof OptimizerConfig.Adam a) {
            return withMoments(new FusedAdam(lr), a);
        } else if (optimizer instanceof OptimizerConfig.AdaMax a) {
            AdaMax adaMax = new AdaMax(lr);
            adaMax.setBeta1(a.beta1());
            adaMax.setBeta2(a.beta2());
            adaMax.setEpsilon(a.epsilon());
            return adaMax;
        } else if (optimizer instanceof OptimizerConfig.Nadam n) {
            return new Nadam(lr, n.beta1(), n.beta2(), n.epsilon());
        } else if (optimizer instanceof OptimizerConfig.AmsGrad a) {
            AMSGrad amsGrad = new AMSGrad(lr);
            amsGrad.setBeta1(a.beta1());
            amsGrad.setBeta2(a.beta2());
            amsGrad.setEpsilon(a.epsilon());
            return amsGrad;
        } else if (optimizer instanceof OptimizerConfig.AdaDelta a) {
            return new AdaDelta(lr, a.rho(), a.epsilon());
        } else if (optimizer instanceof OptimizerConfig.Ftrl f) {
            return new Ftrl(lr, f.lrPower(), f.initialAccumulator(), f.l1(), f.l2(), f.l2Shrinkage(), f.beta());
        }
        throw new IllegalArgumentException("optimizer " + optimizer.type() + " has no DL4J updater");
    }

    private static Adam withMoments(Adam adam, OptimizerConfig.Moments moments) {
        adam.setBeta1(moments.beta1());
        adam.setBeta2(moments.beta2());
        adam.setEpsilon(moments.epsilon());
        return adam;
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
        ScheduleType unit = schedule.unit() == ScheduleUnit.EPOCH ? ScheduleType.EPOCH : ScheduleType.ITERATION;
        int warmup = schedule.warmup();
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
        ISchedule main = main(schedule, unit, lr, length);
        if (warmup > 0) {
            main = new WarmupSchedule(unit, warmup, main);
        }
        return schedule instanceof ScheduleConfig.Plateau ? new PlateauSchedule(main, 1.0) : main;
    }

    /** The schedule without its warm-up; {@code length} is T, the units it spans (for those that span the run). */
    private static ISchedule main(ScheduleConfig schedule, ScheduleType unit, double lr, int length) {
        if (schedule instanceof ScheduleConfig.Step s) {
            return new StepSchedule(unit, lr, s.gamma(), s.stepSize());
        } else if (schedule instanceof ScheduleConfig.MultiStep m) {
            return new MapSchedule(unit, multistep(lr, m.milestones(), m.gamma()));
        } else if (schedule instanceof ScheduleConfig.Exponential e) {
            return new ExponentialSchedule(unit, lr, e.gamma());
        } else if (schedule instanceof ScheduleConfig.Inverse i) {
            return new InverseSchedule(unit, lr, i.gamma(), i.power());
        } else if (schedule instanceof ScheduleConfig.Poly p) {
            return new PolynomialDecaySchedule(unit, lr, p.minLr(), p.power(), length);
        } else if (schedule instanceof ScheduleConfig.Cosine c) {
            return new CosineSchedule(unit, lr, c.minLr(), length);
        } else if (schedule instanceof ScheduleConfig.OneCycle o) {
            return new OneCycleSchedule(unit, lr, o.maxLr(), o.minLr(), length);
        }
        return new FixedSchedule(lr); // constant, and plateau's starting point
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
        } else if (updater instanceof AdaDelta u) {
            return u.getLearningRateSchedule();
        } else if (updater instanceof Ftrl u) {
            return u.getLearningRateSchedule();
        }
        return null;
    }

    /**
     * Hands each updater that reads the weights it updates (ftrl) those weights: every network dlx builds or loads
     * goes through here. Others are left alone, their updater still made when DL4J first needs it.
     */
    public static void bindWeights(MultiLayerNetwork network) {
        boolean reads = network.getLayerWiseConfigurations().getConfs().stream()
                .anyMatch(conf -> conf.getLayer() instanceof BaseLayer layer && layer.getIUpdater() instanceof Ftrl);
        if (!reads) {
            return;
        }
        INDArray params = network.params();
        INDArray flat = params.reshape(params.length());
        for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) network.getUpdater()).getUpdaterBlocks()) {
            if (block.getGradientUpdater() == null) {
                block.init();
            }
            if (Ftrl.needsWeights(block.getGradientUpdater())) {
                Ftrl.bind(block.getGradientUpdater(), flat.get(NDArrayIndex.interval(block.getParamOffsetStart(),
                        block.getParamOffsetEnd())));
            }
        }
    }
}
