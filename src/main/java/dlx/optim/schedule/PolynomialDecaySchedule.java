package dlx.optim.schedule;

import java.util.Objects;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Polynomial decay over the whole run (Caffe's "poly", PyTorch's PolynomialLR, with a floor):
 * lr(t) = min + (lr − min) · (1 − t / T)^power, reaching min when the run ends (t = T). DL4J's own
 * PolySchedule has no floor.
 */
public final class PolynomialDecaySchedule extends RunLengthSchedule {
    private double power;

    public PolynomialDecaySchedule() {
    }

    /** @param length T, the run's length in units */
    public PolynomialDecaySchedule(ScheduleType unit, double initialValue, double minValue, double power, int length) {
        super(unit, initialValue, minValue, length);
        this.power = power;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return getMinValue() + (getInitialValue() - getMinValue()) * Math.pow(1 - progress(iteration, epoch), power);
    }

    @Override
    public PolynomialDecaySchedule clone() {
        return new PolynomialDecaySchedule(getUnit(), getInitialValue(), getMinValue(), power, getLength());
    }

    public double getPower() {
        return power;
    }

    public void setPower(double power) {
        this.power = power;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((PolynomialDecaySchedule) o).power == power;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), power);
    }
}
