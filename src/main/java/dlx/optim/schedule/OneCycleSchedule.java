package dlx.optim.schedule;

import java.util.Objects;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Smith's one-cycle policy in PyTorch's form (OneCycleLR, cosine annealing, two phases): over the first
 * 30% of the run the rate climbs from lr to max along half a cosine, then it anneals along half a
 * cosine to min when the run ends (t = T).
 */
public final class OneCycleSchedule extends RunLengthSchedule {
    /** PyTorch's pct_start: the share of the run spent climbing. */
    public static final double RISING_SHARE = 0.3;

    private double maxValue;

    public OneCycleSchedule() {
    }

    /** @param length T, the run's length in units */
    public OneCycleSchedule(ScheduleType unit, double initialValue, double maxValue, double minValue, int length) {
        super(unit, initialValue, minValue, length);
        this.maxValue = maxValue;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = progress(iteration, epoch);
        if (progress < RISING_SHARE) {
            return cosine(getInitialValue(), maxValue, progress / RISING_SHARE);
        }
        return cosine(maxValue, getMinValue(), (progress - RISING_SHARE) / (1 - RISING_SHARE));
    }

    @Override
    public OneCycleSchedule clone() {
        return new OneCycleSchedule(getUnit(), getInitialValue(), maxValue, getMinValue(), getLength());
    }

    public double getMaxValue() {
        return maxValue;
    }

    public void setMaxValue(double maxValue) {
        this.maxValue = maxValue;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((OneCycleSchedule) o).maxValue == maxValue;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), maxValue);
    }
}
