package dlx.optim.schedule;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A schedule that spans the whole run: it starts at {@code initialValue} and ends at {@code minValue}
 * when t reaches {@code length}, the run's length in units. A bean (no-argument constructor, getters,
 * setters) because DL4J writes schedules into the model's JSON.
 */
public abstract class RunLengthSchedule implements ISchedule {
    private ScheduleType unit;
    private double initialValue;
    private double minValue;
    private int length;

    protected RunLengthSchedule() {
    }

    protected RunLengthSchedule(ScheduleType unit, double initialValue, double minValue, int length) {
        this.unit = unit;
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.length = length;
    }

    /** How far the run is, from 0 at its start to 1 at its end (and after). */
    protected double progress(int iteration, int epoch) {
        return Math.min(1.0, (double) Units.t(unit, iteration, epoch) / length);
    }

    /** Half a cosine from {@code from} (fraction 0) to {@code to} (fraction 1). */
    protected static double cosine(double from, double to, double fraction) {
        return to + (from - to) * (1 + Math.cos(Math.PI * fraction)) / 2;
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
    public abstract RunLengthSchedule clone();

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((RunLengthSchedule) o).unit == unit
                && ((RunLengthSchedule) o).initialValue == initialValue && ((RunLengthSchedule) o).minValue == minValue
                && ((RunLengthSchedule) o).length == length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), unit, initialValue, minValue, length);
    }
}
