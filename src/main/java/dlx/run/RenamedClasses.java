package dlx.run;

import java.util.Map;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.deser.DeserializationProblemHandler;
import org.nd4j.shade.jackson.databind.jsontype.TypeIdResolver;

/**
 * DL4J writes a network's updaters and schedules into its JSON by class name, so a checkpoint names dlx's
 * own ones as they were called when it was written. These are the names of earlier versions, with the
 * class each is now: a checkpoint of any version still loads.
 */
final class RenamedClasses extends DeserializationProblemHandler {
    /** Until the optim package was split into updater, schedule and path rooms. */
    private static final Map<String, String> NOW_NAMED = Map.ofEntries(
            Map.entry("dlx.optim.ClassicalMomentum", "dlx.optim.updater.ClassicalMomentum"),
            Map.entry("dlx.optim.FusedAdam", "dlx.optim.updater.FusedAdam"),
            Map.entry("dlx.optim.Nadam", "dlx.optim.updater.Nadam"),
            Map.entry("dlx.optim.ScheduledAdaGrad", "dlx.optim.updater.ScheduledAdaGrad"),
            Map.entry("dlx.optim.CosineSchedule", "dlx.optim.schedule.CosineSchedule"),
            Map.entry("dlx.optim.OneCycleSchedule", "dlx.optim.schedule.OneCycleSchedule"),
            Map.entry("dlx.optim.PlateauSchedule", "dlx.optim.schedule.PlateauSchedule"),
            Map.entry("dlx.optim.PolynomialDecaySchedule", "dlx.optim.schedule.PolynomialDecaySchedule"),
            Map.entry("dlx.optim.WarmupSchedule", "dlx.optim.schedule.WarmupSchedule"));

    private RenamedClasses() {
    }

    /** Teaches DL4J's JSON reader the earlier names; once per process, before a checkpoint is read. */
    static void register() {
        JsonMappers.getMapper().addHandler(new RenamedClasses());
    }

    @Override
    public JavaType handleUnknownTypeId(DeserializationContext context, JavaType baseType, String id,
                                        TypeIdResolver resolver, String failure) {
        String now = NOW_NAMED.get(id);
        if (now == null) {
            return null; // not ours: DL4J reports it
        }
        try {
            return context.constructType(Class.forName(now));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(id + " was renamed " + now + ", which is missing", e);
        }
    }
}
