package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the learning rate changes over training. t counts {@code unit}s from 0; lr is optimizer.lr and
 * T the run's length in units (training.epochs, times the batches per epoch for iterations).
 *
 * @param type       constant | step | multistep | exponential | inverse | poly | cosine | one_cycle | plateau
 * @param unit       epoch | iteration: what t counts (epoch)
 * @param warmup     units of linear warm-up before the schedule starts (0); every type takes it
 * @param stepSize   step: units between decays (1)
 * @param milestones multistep: the units at which the rate is multiplied by gamma (required)
 * @param gamma      step (0.1), multistep (0.1), exponential (0.95), inverse (0.1)
 * @param power      inverse (1.0): lr · (1 + gamma·t)^−power; poly (1.0): lr · (1 − t/T)^power
 * @param minLr      poly, cosine, one_cycle, plateau (0.0): the rate reached at the end, or the floor
 * @param maxLr      one_cycle (required): the peak rate
 * @param monitor    plateau: the epoch metric watched, one the run records (val_loss; train_loss when
 *                   data.validation_split is 0, as for training.early_stopping)
 * @param factor     plateau (0.1): what the rate is multiplied by when monitor stalls
 * @param patience   plateau (10): epochs without improvement before the rate is lowered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleConfig(String type, String unit, Integer warmup, Integer stepSize, List<Integer> milestones,
                             Double gamma, Double power, Double minLr, Double maxLr, String monitor, Double factor,
                             Integer patience) {
    public static final List<String> UNITS = List.of("epoch", "iteration");

    /** Each type's own keys with their defaults (null: required). */
    private static final Map<String, Map<String, Object>> KEYS = keys();

    public static final List<String> TYPES = List.copyOf(KEYS.keySet());

    private static Map<String, Map<String, Object>> keys() {
        Map<String, Map<String, Object>> keys = new LinkedHashMap<>();
        keys.put("constant", Map.of());
        keys.put("step", ordered("step_size", 1, "gamma", 0.1));
        keys.put("multistep", ordered("milestones", null, "gamma", 0.1));
        keys.put("exponential", ordered("gamma", 0.95));
        keys.put("inverse", ordered("gamma", 0.1, "power", 1.0));
        keys.put("poly", ordered("power", 1.0, "min_lr", 0.0));
        keys.put("cosine", ordered("min_lr", 0.0));
        keys.put("one_cycle", ordered("max_lr", null, "min_lr", 0.0));
        keys.put("plateau", ordered("monitor", "val_loss", "factor", 0.1, "patience", 10, "min_lr", 0.0));
        return keys;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The old four-key form, kept for callers that only know constant, step and exponential. */
    public ScheduleConfig(String type, String unit, Integer stepSize, Double gamma) {
        this(type, unit, null, stepSize, null, gamma, null, null, null, null, null, null);
    }

    public static ScheduleConfig constant() {
        return new ScheduleConfig("constant", "epoch", 0, null, null, null, null, null, null, null, null, null);
    }

    /** Whether the schedule needs the run's length T (it then spans the whole run). */
    public boolean spansTheRun() {
        return List.of("poly", "cosine", "one_cycle").contains(type);
    }

    /**
     * @param task       classification | regression: which metrics the run records
     * @param validation whether it has a validation split, and so val_ metrics
     */
    ScheduleConfig resolve(String at, String task, boolean validation) {
        String name = Require.oneOf(at + ".type", type == null ? "constant" : type, TYPES);
        String u = Require.oneOf(at + ".unit", unit == null ? "epoch" : unit, UNITS);
        int w = Require.nonNegative(at + ".warmup", warmup == null ? 0 : warmup);
        Map<String, Object> d = KEYS.get(name);
        List<String> used = List.copyOf(d.keySet());
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("step_size", stepSize);
        given.put("milestones", milestones);
        given.put("gamma", gamma);
        given.put("power", power);
        given.put("min_lr", minLr);
        given.put("max_lr", maxLr);
        given.put("monitor", monitor);
        given.put("factor", factor);
        given.put("patience", patience);
        given.forEach((key, value) -> Require.onlyUsedKeys(at, name, used, key, value));

        Integer rStepSize = null;
        List<Integer> rMilestones = null;
        Double rGamma = null;
        Double rPower = null;
        Double rMinLr = null;
        Double rMaxLr = null;
        String rMonitor = null;
        Double rFactor = null;
        Integer rPatience = null;
        if (d.containsKey("step_size")) {
            rStepSize = Require.positive(at + ".step_size", stepSize == null ? (Integer) d.get("step_size") : stepSize);
        }
        if (d.containsKey("milestones")) {
            rMilestones = milestones(at + ".milestones", milestones);
        }
        if (d.containsKey("gamma")) {
            Double g = gamma == null ? (Double) d.get("gamma") : gamma;
            // inverse's gamma is a rate of decay, any size; the others multiply the rate and must not raise it
            rGamma = name.equals("inverse") ? Require.positive(at + ".gamma", g) : Require.decayFactor(at + ".gamma", g);
        }
        if (d.containsKey("power")) {
            rPower = Require.positive(at + ".power", power == null ? (Double) d.get("power") : power);
        }
        if (d.containsKey("min_lr")) {
            rMinLr = Require.nonNegative(at + ".min_lr", minLr == null ? (Double) d.get("min_lr") : minLr);
        }
        if (d.containsKey("max_lr")) {
            if (maxLr == null) {
                throw new ConfigException(at + ".max_lr", "one_cycle needs max_lr, the peak rate it climbs to from"
                        + " optimizer.lr (e.g. 10 times optimizer.lr)");
            }
            rMaxLr = Require.positive(at + ".max_lr", maxLr);
        }
        if (d.containsKey("monitor")) {
            String m = monitor != null ? monitor : validation ? (String) d.get("monitor") : "train_loss";
            // checked here, not when training starts, so that validate catches it and no run folder is made
            rMonitor = TrainingConfig.metric(at + ".monitor", m, TrainingConfig.metricsFor(task, validation));
            rFactor = Require.fraction(at + ".factor", factor == null ? (Double) d.get("factor") : factor, false);
            rPatience = Require.positive(at + ".patience", patience == null ? (Integer) d.get("patience") : patience);
        }
        return new ScheduleConfig(name, u, w, rStepSize, rMilestones, rGamma, rPower, rMinLr, rMaxLr, rMonitor,
                rFactor, rPatience);
    }

    private static List<Integer> milestones(String path, List<Integer> given) {
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
