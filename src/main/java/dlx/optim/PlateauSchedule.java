package dlx.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Another schedule times a scale that starts at 1 and that {@code dlx.train.ReduceLrOnPlateau} lowers when
 * the monitored metric stalls (Keras' ReduceLROnPlateau). The scale is a property, so a checkpoint keeps
 * the rate reached. A bean: DL4J writes schedules into the model's JSON.
 */
public final class PlateauSchedule implements ISchedule {
    private ISchedule base;
    private double scale = 1.0;

    public PlateauSchedule() {
    }

    public PlateauSchedule(ISchedule base, double scale) {
        this.base = base;
        this.scale = scale;
    }

    /** Every layer holds its own copy of the updater and so of this schedule; these are all of them. */
    public static List<PlateauSchedule> in(MultiLayerNetwork network) {
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

    @Override
    public double valueAt(int iteration, int epoch) {
        return base.valueAt(iteration, epoch) * scale;
    }

    @Override
    public PlateauSchedule clone() {
        return new PlateauSchedule(base.clone(), scale);
    }

    public ISchedule getBase() {
        return base;
    }

    public void setBase(ISchedule base) {
        this.base = base;
    }

    public double getScale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlateauSchedule s && s.scale == scale && Objects.equals(s.base, base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, scale);
    }
}
