package dlx.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dlx.config.Experiment;
import dlx.run.Json;
import dlx.run.RunFolderException;
import dlx.run.RunStatus;
import dlx.run.TrainingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What listeners share: the experiment, the network, the loop's counters and a way to ask the loop
 * to stop. Counters change only on the loop's thread. A listener's own counters stay in the listener
 * ({@link StatefulListener}); the context only collects them for checkpoints.
 */
public final class TrainingContext {
    private final Experiment experiment;
    private final MultiLayerNetwork network;
    private final int totalEpochs;
    private int epochsCompleted;
    private int iteration;
    private int bestEpoch;
    private Double bestValue;
    private final TrainingState start;
    private final List<StatefulListener<?>> stateful = new ArrayList<>();
    private volatile Outcome stop;
    private final LongSupplier nanoTime;
    private long epochStart;
    private long epochExamples;

    TrainingContext(Experiment experiment, MultiLayerNetwork network, TrainingState start, LongSupplier nanoTime) {
        this.experiment = experiment;
        this.network = network;
        this.nanoTime = nanoTime;
        this.totalEpochs = experiment.training().epochs();
        this.epochsCompleted = start.epochsCompleted();
        this.iteration = start.iteration();
        this.bestEpoch = start.bestEpoch();
        this.bestValue = start.bestValue();
        this.start = start;
    }

    /** Gives each stateful listener the state the run started from, and saves it in every checkpoint from now on. */
    void track(List<LoopListener> listeners) {
        for (LoopListener listener : listeners) {
            if (listener instanceof StatefulListener<?> keeper) {
                restore(keeper);
                stateful.add(keeper);
            }
        }
    }

    private <S extends Record> void restore(StatefulListener<S> listener) {
        JsonNode saved = start.saved(listener.stateName());
        if (saved == null) {
            return;
        }
        try {
            listener.restore(Json.MAPPER.treeToValue(saved, listener.stateType()));
        } catch (JsonProcessingException e) {
            throw new RunFolderException("the checkpoint's state of " + listener.stateName() + " is damaged ("
                    + e.getOriginalMessage() + "); resume from another checkpoint or train again");
        }
    }

    public Experiment experiment() {
        return experiment;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public int totalEpochs() {
        return totalEpochs;
    }

    /** Asks the loop to stop after the current iteration; the first request wins. */
    public void requestStop(RunStatus status, String message) {
        if (stop == null) {
            stop = new Outcome(status, message);
        }
    }

    public Outcome stopRequest() {
        return stop;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public Double bestValue() {
        return bestValue;
    }

    void epochBegins() {
        epochStart = nanoTime.getAsLong();
        epochExamples = 0;
    }

    void trained(int examples) {
        epochExamples += examples;
    }

    /**
     * Training examples per second of this epoch's training pass so far: what the progress bar shows, and what
     * metrics.csv's samples_per_s records once the pass is over (evaluation excluded).
     */
    public double samplesPerSecond() {
        return epochExamples / Math.max((nanoTime.getAsLong() - epochStart) / 1e9, 1e-9);
    }

    public TrainingState state() {
        // a listener this run does not have keeps what it saved, should a later resume bring it back
        Map<String, JsonNode> listeners = new TreeMap<>(start.listeners());
        stateful.forEach(listener -> listeners.put(listener.stateName(), Json.MAPPER.valueToTree(listener.state())));
        return new TrainingState(epochsCompleted, iteration, bestEpoch, bestValue, listeners);
    }

    void iterationDone() {
        iteration++;
    }

    int iteration() {
        return iteration;
    }

    int epochsCompleted() {
        return epochsCompleted;
    }

    /** Records a finished epoch; returns whether its checkpoint metric is the best so far. */
    boolean epochDone(EpochResult result) {
        epochsCompleted = result.epoch();
        var checkpoint = experiment.training().checkpoint();
        double value = result.metric(checkpoint.best());
        boolean better = checkpoint.mode().better(value, bestValue);
        if (better) {
            bestEpoch = result.epoch();
            bestValue = value;
        }
        return better;
    }
}
