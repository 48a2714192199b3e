package dlx.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Polynomial decay over the whole run (Caffe's "poly", PyTorch's PolynomialLR, with a floor):
 * lr(t) = min + (lr − min) · (1 − t / T)^power, reaching min when the run ends (t = T). DL4J's own
 * PolySchedule has no floor. A bean: DL4J writes schedules into the model's JSON.
 */
public final class PolynomialDecaySchedule implements ISchedule {
    private ScheduleType unit;
    private double initialValue;
    private double minValue;
    private double power;
    private int length;

    public PolynomialDecaySchedule() {
    }

    /** @param length T, the run's length in units */
    public PolynomialDecaySchedule(ScheduleType unit, double initialValue, double minValue, double power, int length) {
        this.unit = unit;
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.power = power;
        this.length = length;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = Math.min(1.0, (double) Units.t(unit, iteration, epoch) / length);
        return minValue + (initialValue - minValue) * Math.pow(1 - progress, power);
    }

    @Override
    public PolynomialDecaySchedule clone() {
        return new PolynomialDecaySchedule(unit, initialValue, minValue, power, length);
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

    public double getPower() {
        return power;
    }

    public void setPower(double power) {
        this.power = power;
    }

    public int getLength() {
        return length;
    }

    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolynomialDecaySchedule s && s.unit == unit && s.initialValue == initialValue
                && s.minValue == minValue && s.power == power && s.length == length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, initialValue, minValue, power, length);
    }
}
