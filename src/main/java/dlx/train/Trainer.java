package dlx.train;

import dlx.config.Experiment;
import dlx.config.Loss;
import dlx.config.Metric;
import dlx.config.Task;
import dlx.data.Augmentation;
import dlx.data.Batches;
import dlx.data.LoadedData;
import dlx.eval.SplitEvaluation;
import dlx.model.kernel.KernelStep;
import dlx.model.kernel.Kernels;
import dlx.run.RunStatus;
import dlx.run.TrainingState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: epochs of shuffled batches, an evaluation pass at the end of each epoch, and
 * listeners for everything else. Data order is a function of (seed, epoch), so a run is reproducible.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final LoadedData data;
    private final List<LoopListener> listeners;
    private final LongSupplier nanoTime;
    private final TrainingContext context;
    private final Batches train;
    private final Batches trainInOrder;
    private final Batches validationInOrder;
    private boolean firstIterationLogged;
    /** Null on one device. */
    private final DataParallel parallel;

    public Trainer(Experiment experiment, MultiLayerNetwork network, LoadedData data, TrainingState start,
                   List<LoopListener> listeners, LongSupplier nanoTime) {
        this(experiment, network, data, start, listeners, nanoTime, 1);
    }

    /** @param devices GPUs each batch is spread over (dlx train --gpus); 1 trains as usual */
    public Trainer(Experiment experiment, MultiLayerNetwork network, LoadedData data, TrainingState start,
                   List<LoopListener> listeners, LongSupplier nanoTime, int devices) {
        this.parallel = devices > 1 ? new DataParallel(network, devices) : null;
        this.data = data;
        this.listeners = List.copyOf(listeners);
        this.nanoTime = nanoTime;
        this.context = new TrainingContext(experiment, network, start, nanoTime);
        context.track(this.listeners);
        int timesteps = experiment.model().inputShape().sequenceLength();
        int outputs = experiment.model().outputLayer().units();
        this.train = new Batches(data.train(), outputs, timesteps, experiment.training().batchSize(), true,
                experiment.seed(), Augmentation.of(experiment.data().augment(), data.inputShape(), experiment.seed()));
        this.trainInOrder = train.inOrder(SplitEvaluation.BATCH_SIZE);
        this.validationInOrder = new Batches(data.validation(), outputs, timesteps, SplitEvaluation.BATCH_SIZE,
                false, 0);
    }

    public TrainingContext context() {
        return context;
    }

    public Outcome fit() {
        Experiment experiment = context.experiment();
        MultiLayerNetwork network = context.network();
        int batchesPerEpoch = iterationsPerEpoch(experiment, data);
        // More than 0 only when resuming a checkpoint saved mid-epoch: those batches are done.
        int doneInEpoch = context.iteration() - context.epochsCompleted() * batchesPerEpoch;
        network.setIterationCount(context.iteration());
        listeners.forEach(l -> l.onTrainBegin(context));
        // after the listeners: one that adds DL4J listeners to the network (layer statistics) needs DL4J's step
        KernelStep step = KernelStep.of(network).orElse(null);
        LOG.info("layers computed by dlx's kernels: {}; training step: {}", Kernels.layersWithKernel(network),
                step == null ? "DL4J's" : "dlx's");

        for (int epoch = context.epochsCompleted(); epoch < context.totalEpochs() && context.stopRequest() == null; epoch++) {
            long start = nanoTime.getAsLong();
            train.setEpoch(epoch);
            // Dropout draws from ND4J's generator: seeding it per epoch, like the data order, lets a resumed run repeat them.
            Nd4j.getRandom().setSeed(experiment.seed() * 1_000_003L + epoch);
            network.setEpochCount(epoch);
            if (doneInEpoch > 0) {
                train.skip(doneInEpoch);
                doneInEpoch = 0;
            }
            int first = context.iteration();
            int epochNumber = epoch + 1;
            context.epochBegins();
            listeners.forEach(l -> l.onEpochBegin(epochNumber, batchesPerEpoch));
            int epochIndex = epoch;
            Consumer<DataSet> stepDone = batch -> {
                context.trained(batch.numExamples());
                double rate = learningRate(network, context.iteration(), epochIndex);
                context.iterationDone();
                if (!firstIterationLogged) {
                    LOG.info("first iteration done"); // bench/run.sh times launch to first iteration from this line
                    firstIterationLogged = true;
                }
                // DL4J sums a per-step loss over the steps; dividing by them gives the per-step mean the evaluation reports
                double loss = network.score() / data.train().labelSteps();
                int iteration = context.iteration();
                listeners.forEach(l -> l.onIteration(iteration, epochNumber, loss, rate));
                train.release();
            };
            if (parallel == null) {
                while (train.hasNext() && context.stopRequest() == null) {
                    DataSet batch = train.next();
                    if (step != null) {
                        step.fit(batch);
                    } else {
                        network.fit(batch);
                    }
                    stepDone.accept(batch);
                }
            } else {
                parallel.fitEpoch(train, () -> context.stopRequest() != null, stepDone);
            }
            if (context.stopRequest() != null) {
                break; // a diverged or interrupted epoch gets no row: its numbers are not an epoch's
            }
            double samplesPerSecond = context.samplesPerSecond(); // of the training pass, before evaluation
            Map<Metric, Double> metrics = evaluate(network, experiment);
            EpochResult result = new EpochResult(epochNumber, context.iteration(), learningRate(network, first, epoch), metrics,
                    (nanoTime.getAsLong() - start) / 1e9, samplesPerSecond);
            context.epochDone(result);
            listeners.forEach(l -> l.onEpochEnd(result));
        }
        Outcome outcome = context.stopRequest() != null ? context.stopRequest() : new Outcome(RunStatus.COMPLETED, null);
        listeners.forEach(l -> l.onTrainEnd(outcome));
        return outcome;
    }

    /** Batches per epoch, the last one possibly smaller; schedules that span the run need it too. */
    static int iterationsPerEpoch(Experiment experiment, LoadedData data) {
        int batchSize = experiment.training().batchSize();
        return (data.train().rows() + batchSize - 1) / batchSize;
    }

    /** The rate the network's own updater applies: whatever the schedule, this is what was in force. */
    private static double learningRate(MultiLayerNetwork network, int iteration, int epoch) {
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            if (layer.numParams() > 0) {
                return layer.conf().getLayer().getUpdaterByParam(layer.conf().variables().get(0))
                        .getLearningRate(iteration, epoch);
            }
        }
        return Double.NaN;
    }

    /** The metrics {@link Metric#perEpoch} names for this run's task and splits, in that order. */
    private Map<Metric, Double> evaluate(MultiLayerNetwork network, Experiment experiment) {
        Loss loss = experiment.model().outputLayer().loss();
        int outputs = experiment.model().outputLayer().units();
        boolean classification = data.task() == Task.CLASSIFICATION;
        Map<Metric, Double> metrics = new LinkedHashMap<>();
        SplitEvaluation train = SplitEvaluation.of(network, data.train(), trainInOrder, outputs, loss);
        metrics.put(Metric.TRAIN_LOSS, train.loss());
        if (classification) {
            metrics.put(Metric.TRAIN_ACCURACY, train.accuracy(data.train()));
        }
        if (data.validation().rows() > 0) {
            SplitEvaluation val = SplitEvaluation.of(network, data.validation(), validationInOrder, outputs, loss);
            metrics.put(Metric.VAL_LOSS, val.loss());
            if (classification) {
                metrics.put(Metric.VAL_ACCURACY, val.accuracy(data.validation()));
            } else {
                var regression = val.regression(data.validation());
                metrics.put(Metric.VAL_MAE, regression.mae());
                metrics.put(Metric.VAL_RMSE, regression.rmse());
            }
        }
        return metrics;
    }
}
