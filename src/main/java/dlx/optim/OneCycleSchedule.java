package dlx.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Smith's one-cycle policy in PyTorch's form (OneCycleLR, cosine annealing, two phases): over the first
 * 30% of the run the rate climbs from lr to max along half a cosine, then it anneals along half a
 * cosine to min when the run ends (t = T). A bean: DL4J writes schedules into the model's JSON.
 */
public final class OneCycleSchedule implements ISchedule {
    /** PyTorch's pct_start: the share of the run spent climbing. */
    public static final double RISING_SHARE = 0.3;

    private ScheduleType unit;
    private double initialValue;
    private double maxValue;
    private double minValue;
    private int length;

    public OneCycleSchedule() {
    }

    /** @param length T, the run's length in units */
    public OneCycleSchedule(ScheduleType unit, double initialValue, double maxValue, double minValue, int length) {
        this.unit = unit;
        this.initialValue = initialValue;
        this.maxValue = maxValue;
        this.minValue = minValue;
        this.length = length;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = Math.min(1.0, (double) Units.t(unit, iteration, epoch) / length);
        if (progress < RISING_SHARE) {
            return cosine(initialValue, maxValue, progress / RISING_SHARE);
        }
        return cosine(maxValue, minValue, (progress - RISING_SHARE) / (1 - RISING_SHARE));
    }

    /** Half a cosine from {@code from} (fraction 0) to {@code to} (fraction 1). */
    private static double cosine(double from, double to, double fraction) {
        return to + (from - to) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }

    @Override
    public OneCycleSchedule clone() {
        return new OneCycleSchedule(unit, initialValue, maxValue, minValue, length);
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

    public double getMaxValue() {
        return maxValue;
    }

    public void setMaxValue(double maxValue) {
        this.maxValue = maxValue;
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
        return o instanceof OneCycleSchedule s && s.unit == unit && s.initialValue == initialValue
                && s.maxValue == maxValue && s.minValue == minValue && s.length == length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, initialValue, maxValue, minValue, length);
    }
}
