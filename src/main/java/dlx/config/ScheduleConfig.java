package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.ArrayList;
import java.util.List;

/**
 * How the learning rate changes over training: one record per {@code type}. t counts {@code unit}s from 0
 * (epochs by default, or iterations); lr is optimizer.lr and T the run's length in units (training.epochs,
 * times the batches per epoch for iterations). Every type takes {@code warmup}: units of linear warm-up before
 * the schedule starts. docs/optimization.md gives each formula.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Variants.Default(ScheduleConfig.Constant.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ScheduleConfig permits ScheduleConfig.Constant, ScheduleConfig.Step, ScheduleConfig.MultiStep,
        ScheduleConfig.Exponential, ScheduleConfig.Inverse, ScheduleConfig.Poly, ScheduleConfig.Cosine, ScheduleConfig.OneCycle,
        ScheduleConfig.Plateau {
    ScheduleUnit unit();

    Integer warmup();

    /** Whether the schedule needs the run's length T (it then spans the whole run). */
    default boolean spansTheRun() {
        return false;
    }

    /** Its name in a config file. */
    default String type() {
        return Variants.name(getClass());
    }

    /**
     * Checks every value and fills every default.
     *
     * @param at      the section's path, {@code schedule}
     * @param metrics the per-epoch metrics the run records: what plateau may monitor
     */
    ScheduleConfig resolve(String at, List<Metric> metrics);

    static ScheduleConfig constant() {
        return new Constant(ScheduleUnit.EPOCH, 0);
    }

    @JsonTypeName("constant")
    record Constant(ScheduleUnit unit, Integer warmup) implements ScheduleConfig {
        @Override
        public Constant resolve(String at, List<Metric> metrics) {
            return new Constant(unitOf(unit), warmupOf(at, warmup));
        }
    }

    /** lr · gamma^⌊t / step_size⌋. */
    @JsonTypeName("step")
    record Step(ScheduleUnit unit, Integer warmup, Integer stepSize, Double gamma) implements ScheduleConfig {
        @Override
        public Step resolve(String at, List<Metric> metrics) {
            return new Step(unitOf(unit), warmupOf(at, warmup), Require.positive(at + ".step_size", stepSize == null ? 1 : stepSize),
                    gammaOf(at, gamma, 0.1));
        }
    }

    /** lr · gamma^(the number of milestones ≤ t). */
    @JsonTypeName("multistep")
    record MultiStep(ScheduleUnit unit, Integer warmup, List<Integer> milestones, Double gamma) implements ScheduleConfig {
        @Override
        public MultiStep resolve(String at, List<Metric> metrics) {
            return new MultiStep(unitOf(unit), warmupOf(at, warmup), increasing(at + ".milestones", milestones),
                    gammaOf(at, gamma, 0.1));
        }

        private static List<Integer> increasing(String path, List<Integer> given) {
            if (given == null || given.isEmpty()) {
                throw new ConfigException(path, "multistep needs milestones, the units at which the rate is multiplied"
                        + " by gamma, e.g. [30, 60]");
            }
            List<Integer> sorted = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                Integer m = given.get(i);
                Require.positive(path + "[" + i + "]", m);
                if (!sorted.isEmpty() && m <= sorted.get(sorted.size() - 1)) {
                    throw new ConfigException(path + "[" + i + "]", "milestones must increase, got " + m + " after "
                            + sorted.get(sorted.size() - 1));
                }
                sorted.add(m);
            }
            return List.copyOf(sorted);
        }
    }

    /** lr · gamma^t. */
    @JsonTypeName("exponential")
    record Exponential(ScheduleUnit unit, Integer warmup, Double gamma) implements ScheduleConfig {
        @Override
        public Exponential resolve(String at, List<Metric> metrics) {
            return new Exponential(unitOf(unit), warmupOf(at, warmup), gammaOf(at, gamma, 0.95));
        }
    }

    /** lr · (1 + gamma·t)^−power: gamma is a rate of decay here, any size > 0. */
    @JsonTypeName("inverse")
    record Inverse(ScheduleUnit unit, Integer warmup, Double gamma, Double power) implements ScheduleConfig {
        @Override
        public Inverse resolve(String at, List<Metric> metrics) {
            return new Inverse(unitOf(unit), warmupOf(at, warmup), Require.positive(at + ".gamma", gamma == null ? 0.1 : gamma),
                    powerOf(at, power));
        }
    }

    /** min_lr + (lr − min_lr) · (1 − t/T)^power. */
    @JsonTypeName("poly")
    record Poly(ScheduleUnit unit, Integer warmup, Double power, Double minLr) implements ScheduleConfig {
        @Override
        public Poly resolve(String at, List<Metric> metrics) {
            return new Poly(unitOf(unit), warmupOf(at, warmup), powerOf(at, power), minLrOf(at, minLr));
        }

        @Override
        public boolean spansTheRun() {
            return true;
        }
    }

    /** min_lr + (lr − min_lr) · (1 + cos(π·t/T)) / 2. */
    @JsonTypeName("cosine")
    record Cosine(ScheduleUnit unit, Integer warmup, Double minLr) implements ScheduleConfig {
        @Override
        public Cosine resolve(String at, List<Metric> metrics) {
            return new Cosine(unitOf(unit), warmupOf(at, warmup), minLrOf(at, minLr));
        }

        @Override
        public boolean spansTheRun() {
            return true;
        }
    }

    /** Climbs from lr to max_lr over the first 30% of T, then anneals to min_lr (Smith's 1cycle). */
    @JsonTypeName("one_cycle")
    record OneCycle(ScheduleUnit unit, Integer warmup, Double minLr, Double maxLr) implements ScheduleConfig {
        @Override
        public OneCycle resolve(String at, List<Metric> metrics) {
            if (maxLr == null) {
                throw new ConfigException(at + ".max_lr", "one_cycle needs max_lr, the peak rate it climbs to from"
                        + " optimizer.lr (e.g. 10 times optimizer.lr)");
            }
            return new OneCycle(unitOf(unit), warmupOf(at, warmup), minLrOf(at, minLr), Require.positive(at + ".max_lr", maxLr));
        }

        @Override
        public boolean spansTheRun() {
            return true;
        }
    }

    /**
     * lr · factor^k, never below min_lr, where k counts the times {@code monitor} went {@code patience} epochs
     * without improving (Keras' ReduceLROnPlateau).
     *
     * @param monitor the per-epoch metric watched; by default val_loss, or train_loss without a validation split
     *                (as for training.early_stopping)
     */
    @JsonTypeName("plateau")
    record Plateau(ScheduleUnit unit, Integer warmup, Double minLr, Metric monitor, Double factor, Integer patience)
            implements ScheduleConfig {
        @Override
        public Plateau resolve(String at, List<Metric> metrics) {
            // checked here, not when training starts, so that validate catches it and no run folder is made
            Metric watched = TrainingConfig.recorded(at + ".monitor", monitor == null ? TrainingConfig.lossToWatch(metrics)
                    : monitor, metrics);
            return new Plateau(unitOf(unit), warmupOf(at, warmup), minLrOf(at, minLr), watched,
                    Require.fraction(at + ".factor", factor == null ? 0.1 : factor, false),
                    Require.positive(at + ".patience", patience == null ? 10 : patience));
        }
    }

    private static ScheduleUnit unitOf(ScheduleUnit given) {
        return given == null ? ScheduleUnit.EPOCH : given;
    }

    private static int warmupOf(String at, Integer given) {
        return Require.nonNegative(at + ".warmup", given == null ? 0 : given);
    }

    /** A factor that multiplies the rate, so must not raise it: (0, 1]. */
    private static double gammaOf(String at, Double given, double fallback) {
        return Require.decayFactor(at + ".gamma", given == null ? fallback : given);
    }

    private static double powerOf(String at, Double given) {
        return Require.positive(at + ".power", given == null ? 1.0 : given);
    }

    private static double minLrOf(String at, Double given) {
        return Require.nonNegative(at + ".min_lr", given == null ? 0.0 : given);
    }
}
