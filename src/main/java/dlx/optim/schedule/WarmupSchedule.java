package dlx.optim.schedule;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A linear warm-up in front of another schedule, which starts when the warm-up ends: for t &lt; w,
 * lr(t) = lr₀ · (t + 1) / (w + 1), where lr₀ is the next schedule's first value, so no step is taken
 * at rate 0; from t = w on, lr(t) = next(t − w). A bean: DL4J writes schedules into the model's JSON.
 */
public final class WarmupSchedule implements ISchedule {
    private ScheduleType unit;
    private int warmup;
    private ISchedule next;

    public WarmupSchedule() {
    }

    /** @param warmup w, in units */
    public WarmupSchedule(ScheduleType unit, int warmup, ISchedule next) {
        this.unit = unit;
        this.warmup = warmup;
        this.next = next;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int t = Units.t(unit, iteration, epoch);
        if (t < warmup) {
            double first = unit == ScheduleType.EPOCH ? next.valueAt(iteration, 0) : next.valueAt(0, epoch);
            return first * (t + 1) / (warmup + 1);
        }
        return unit == ScheduleType.EPOCH ? next.valueAt(iteration, epoch - warmup) : next.valueAt(iteration - warmup, epoch);
    }

    @Override
    public WarmupSchedule clone() {
        return new WarmupSchedule(unit, warmup, next.clone());
    }

    public ScheduleType getUnit() {
        return unit;
    }

    public void setUnit(ScheduleType unit) {
        this.unit = unit;
    }

    public int getWarmup() {
        return warmup;
    }

    public void setWarmup(int warmup) {
        this.warmup = warmup;
    }

    public ISchedule getNext() {
        return next;
    }

    public void setNext(ISchedule next) {
        this.next = next;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupSchedule s && s.unit == unit && s.warmup == warmup && Objects.equals(s.next, next);
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, warmup, next);
    }
}
