package dlx.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The loop's counters, kept in every checkpoint so that a resumed run goes on where this one stopped, with the
 * state each stateful listener saved under its own name (early stopping's and the plateau schedule's counts).
 *
 * @param epochsCompleted epochs fully trained
 * @param iteration       parameter updates done (beyond epochsCompleted's when saved mid-epoch)
 * @param bestEpoch       the epoch (1-based) whose weights best.zip holds, or 0
 * @param bestValue       the checkpoint metric at that epoch
 * @param listeners       listener name → the state it saved
 * @param legacy          a checkpoint of a dlx from before listeners saved their own state: its whole state.json,
 *                        where those listeners kept their counters as top-level keys; null otherwise
 */
public record TrainingState(int epochsCompleted, int iteration, int bestEpoch, Double bestValue,
                            Map<String, JsonNode> listeners, @JsonIgnore ObjectNode legacy) {
    public static final TrainingState START = new TrainingState(0, 0, 0, null, Map.of(), null);

    public TrainingState {
        listeners = Collections.unmodifiableMap(new TreeMap<>(listeners));
    }

    public TrainingState(int epochsCompleted, int iteration, int bestEpoch, Double bestValue,
                         Map<String, JsonNode> listeners) {
        this(epochsCompleted, iteration, bestEpoch, bestValue, listeners, null);
    }

    /** Reads dlx/state.json, in today's form or in the flat one of earlier checkpoints. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TrainingState read(ObjectNode json) {
        JsonNode saved = json.get("listeners");
        Map<String, JsonNode> listeners = new TreeMap<>();
        if (saved != null) {
            saved.fields().forEachRemaining(e -> listeners.put(e.getKey(), e.getValue()));
        }
        JsonNode bestValue = json.get("best_value");
        return new TrainingState(json.path("epochs_completed").asInt(), json.path("iteration").asInt(),
                json.path("best_epoch").asInt(), bestValue == null || bestValue.isNull() ? null : bestValue.asDouble(),
                listeners, saved == null ? json : null);
    }

    /**
     * What the listener named {@code name} saved, or null when it saved nothing (a fresh run, or a listener the run
     * did not have). In a checkpoint of an earlier dlx, the whole flat state.json, which holds that listener's
     * counters under the names it still uses.
     */
    public JsonNode saved(String name) {
        return legacy != null ? legacy : listeners.get(name);
    }

    /** The same counters with another best epoch (0: none yet) and its value. */
    public TrainingState withBest(int epoch, Double value) {
        return new TrainingState(epochsCompleted, iteration, epoch, value, listeners, legacy);
    }
}
