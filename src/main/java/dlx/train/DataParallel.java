package dlx.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import java.util.concurrent.locks.LockSupport;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.DefaultTrainerContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An epoch on several GPUs with DL4J's ParallelWrapper: each batch is cut into one shard per GPU, every GPU takes
 * an optimizer step on its shard from the same weights, and then weights and updater states are averaged (averaging
 * after every step). For SGD and momentum that is exactly the step of the whole batch, so {@code batch_size} stays
 * the global batch and iterations, schedules and checkpoints are those of a run on one device.
 */
final class DataParallel {
    private final MultiLayerNetwork network;
    private final int devices;

    DataParallel(MultiLayerNetwork network, int devices) {
        this.network = network;
        this.devices = devices;
    }

    /**
     * Trains on {@code batches} until they run out or {@code stop} says so (checked between steps), calling
     * {@code stepDone} after each step with the batch it trained on, the weights averaged and the network's score set.
     */
    void fitEpoch(DataSetIterator batches, BooleanSupplier stop, Consumer<DataSet> stepDone) {
        // Worker 0 ends a fit with MultiLayerNetwork.clear(), which drops the network's updater and with it the
        // optimizer's state (momentum, Adam's moments); the listeners become the wrapper's. Both are put back.
        Updater updater = network.getUpdater();
        List<TrainingListener> listeners = List.copyOf(network.getListeners());
        InStep wrapper = new InStep(network, devices); // per epoch: the wrapper ends its workers after each fit
        try {
            wrapper.fit(new Shards(batches, stop, stepDone));
        } finally {
            wrapper.shutdown();
            network.setUpdater(updater);
            network.setListeners(listeners);
        }
    }

    /**
     * ParallelWrapper in averaging mode, made to start every worker from the same weights. Worker 0 trains the network
     * itself while the others copy its weights and updater state when their threads start; the wrapper feeds the
     * first shards without waiting for them, so worker 0 could take its first step before a copy was made (the
     * "RC at originalModel relocation" its source admits) and that worker would start a step ahead. The hook the
     * wrapper calls before each round (a parameter supplier) holds the first round back until every worker has
     * made its copy: a worker gives its network the wrapper's listeners right after copying, so the one listener
     * here, which does nothing else, marks a worker that is ready.
     */
    private static final class InStep extends ParallelWrapper {
        private static final long START_TIMEOUT_NANOS = 120_000_000_000L;
        private final TrainingListener ready = new BaseTrainingListener() {
        };
        private boolean started;

        InStep(MultiLayerNetwork network, int workers) {
            super(network, workers, 0);
            // what ParallelWrapper.Builder sets for TrainingMode.AVERAGING
            averagingFrequency = 1;
            averageUpdaters = true;
            legacyAveraging = true;
            workspaceMode = WorkspaceMode.ENABLED;
            trainerContext = new DefaultTrainerContext();
            modelParamsSupplier = this::awaitCopies;
            setListeners(List.of(ready));
            init();
        }

        /** Returns no new weights; the first time, waits until every worker has copied the network. */
        private INDArray awaitCopies() {
            long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
            while (!started) {
                started = IntStream.range(0, zoo.length).allMatch(this::ready);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ParallelWrapper's workers did not start within 120 s");
                }
                LockSupport.parkNanos(1_000_000);
            }
            return null;
        }

        /** Worker 0 trains the network itself; the others start out pointing at it too, until they copy it. */
        private boolean ready(int worker) {
            Model copy = zoo[worker].getModel();
            return (worker == 0) == (copy == model) && copy instanceof MultiLayerNetwork network
                    && network.getListeners() != null && network.getListeners().contains(ready);
        }
    }

    /**
     * The batches as shards for the wrapper, which takes up to one shard per worker each round, trains them and
     * averages. It calls hasNext() once after a round's last shard (false ends the round's shards) and again before
     * the next round (by then the round has trained and been averaged: the step is done).
     */
    private final class Shards implements DataSetIterator {
        private final DataSetIterator batches;
        private final BooleanSupplier stop;
        private final Consumer<DataSet> stepDone;
        private final Deque<DataSet> shards = new ArrayDeque<>();
        private DataSet training;
        private boolean roundClosed;

        Shards(DataSetIterator batches, BooleanSupplier stop, Consumer<DataSet> stepDone) {
            this.batches = batches;
            this.stop = stop;
            this.stepDone = stepDone;
        }

        @Override
        public boolean hasNext() {
            if (!shards.isEmpty()) {
                return true;
            }
            if (training != null) {
                if (!roundClosed) {
                    roundClosed = true;
                    return false;
                }
                DataSet done = training;
                training = null;
                stepDone.accept(done);
            }
            return batches.hasNext() && !stop.getAsBoolean();
        }

        @Override
        public DataSet next() {
            if (shards.isEmpty()) {
                training = batches.next();
                roundClosed = false;
                shards.addAll(split(training, devices));
            }
            return shards.poll();
        }

        @Override
        public DataSet next(int num) {
            return next();
        }

        @Override
        public int inputColumns() {
            return batches.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return batches.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return false;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("one epoch at a time");
        }

        @Override
        public int batch() {
            return batches.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("batches come preprocessed");
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public List<String> getLabels() {
            return batches.getLabels();
        }
    }

    /** {@code parts} shards whose sizes differ by one at most, in order; fewer when the batch has fewer examples. */
    static List<DataSet> split(DataSet batch, int parts) {
        int n = batch.numExamples();
        List<DataSet> shards = new java.util.ArrayList<>();
        for (int i = 0; i < parts; i++) {
            int from = (int) ((long) i * n / parts);
            int to = (int) ((long) (i + 1) * n / parts);
            if (to > from) {
                shards.add(new DataSet(rows(batch.getFeatures(), from, to), rows(batch.getLabels(), from, to),
                        rows(batch.getFeaturesMaskArray(), from, to), rows(batch.getLabelsMaskArray(), from, to)));
            }
        }
        return shards;
    }

    private static INDArray rows(INDArray array, int from, int to) {
        if (array == null) {
            return null;
        }
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return array.get(index).dup();
    }
}
