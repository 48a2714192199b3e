package dlx.optim.schedule;

import org.nd4j.linalg.schedule.ScheduleType;

/** What a schedule's t counts: DL4J passes both counters (from 0) and the schedule picks one. */
final class Units {
    private Units() {
    }

    static int t(ScheduleType unit, int iteration, int epoch) {
        return unit == ScheduleType.EPOCH ? epoch : iteration;
    }
}
