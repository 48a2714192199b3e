package dlx.optim.schedule;

import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Cosine annealing over the whole run (Loshchilov &amp; Hutter's SGDR without restarts, PyTorch's
 * CosineAnnealingLR with T_max = the run): lr(t) = min + (lr − min) · (1 + cos(π · t / T)) / 2, so the
 * rate starts at lr and reaches min when the run ends (t = T); past T it stays at min.
 */
public final class CosineSchedule extends RunLengthSchedule {
    public CosineSchedule() {
    }

    /** @param length T, the run's length in units */
    public CosineSchedule(ScheduleType unit, double initialValue, double minValue, int length) {
        super(unit, initialValue, minValue, length);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return cosine(getInitialValue(), getMinValue(), progress(iteration, epoch));
    }

    @Override
    public CosineSchedule clone() {
        return new CosineSchedule(getUnit(), getInitialValue(), getMinValue(), getLength());
    }
}
