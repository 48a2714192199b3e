package dlx.train;

import dlx.config.Experiment;
import dlx.run.RunStatus;
import dlx.run.TrainingState;
import java.util.function.LongSupplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What listeners share: the experiment, the network, the loop's counters and a way to ask the loop
 * to stop. Counters change only on the loop's thread.
 */
public final class TrainingContext {
    private final Experiment experiment;
    private final MultiLayerNetwork network;
    private final int totalEpochs;
    private int epochsCompleted;
    private int iteration;
    private int bestEpoch;
    private Double bestValue;
    private int epochsWithoutImprovement;
    private Double monitorBest;
    private int monitorBestEpoch;
    private Double plateauBest;
    private int plateauWaited;
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
        this.epochsWithoutImprovement = start.epochsWithoutImprovement();
        this.monitorBest = start.monitorBest();
        this.monitorBestEpoch = start.monitorBestEpoch();
        this.plateauBest = start.plateauBest();
        this.plateauWaited = start.plateauWaited();
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

    public int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }

    void setEpochsWithoutImprovement(int count) {
        epochsWithoutImprovement = count;
    }

    /** Early stopping's best value of its monitor so far, or null before the first epoch. */
    Double monitorBest() {
        return monitorBest;
    }

    int monitorBestEpoch() {
        return monitorBestEpoch;
    }

    /** The plateau schedule's best value of its monitor so far, or null before the first epoch. */
    Double plateauBest() {
        return plateauBest;
    }

    int plateauWaited() {
        return plateauWaited;
    }

    void setPlateau(Double best, int waited) {
        plateauBest = best;
        plateauWaited = waited;
    }

    void setMonitorBest(double value, int epoch) {
        monitorBest = value;
        monitorBestEpoch = epoch;
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
        return new TrainingState(epochsCompleted, iteration, bestEpoch, bestValue, epochsWithoutImprovement,
                monitorBest, monitorBestEpoch, plateauBest, plateauWaited);
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
