package dlx.optim.schedule;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Another schedule times a scale that starts at 1 and that {@code dlx.train.ReduceLrOnPlateau} lowers (through
 * {@link dlx.optim.Optimizers#plateauSchedules}) when
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
