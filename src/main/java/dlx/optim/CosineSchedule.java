package dlx.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Cosine annealing over the whole run (Loshchilov &amp; Hutter's SGDR without restarts, PyTorch's
 * CosineAnnealingLR with T_max = the run): lr(t) = min + (lr − min) · (1 + cos(π · t / T)) / 2, so the
 * rate starts at lr and reaches min when the run ends (t = T); past T it stays at min.
 * A bean (no-argument constructor, getters, setters): DL4J writes schedules into the model's JSON.
 */
public final class CosineSchedule implements ISchedule {
    private ScheduleType unit;
    private double initialValue;
    private double minValue;
    private int length;

    public CosineSchedule() {
    }

    /** @param length T, the run's length in units */
    public CosineSchedule(ScheduleType unit, double initialValue, double minValue, int length) {
        this.unit = unit;
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.length = length;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = Math.min(1.0, (double) Units.t(unit, iteration, epoch) / length);
        return minValue + (initialValue - minValue) * (1 + Math.cos(Math.PI * progress)) / 2;
    }

    @Override
    public CosineSchedule clone() {
        return new CosineSchedule(unit, initialValue, minValue, length);
    }

    public ScheduleType getUnit() {
        return unit;
    }

    public void setUnit(ScheduleType unit) {
        this.unit = unit;
    }

    public double getInitialValue() {
        return initialValue;
    }

    public void setInitialValue(double initialValue) {
        this.initialValue = initialValue;
    }

    public double getMinValue() {
        return minValue;
    }

    public void setMinValue(double minValue) {
        this.minValue = minValue;
    }

    public int getLength() {
        return length;
    }

    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule s && s.unit == unit && s.initialValue == initialValue
                && s.minValue == minValue && s.length == length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, initialValue, minValue, length);
    }
}
