package dlx.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
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
        // built per epoch: the wrapper takes the network's DL4J listeners, and ends its workers after each fit
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(network).workers(devices).averagingFrequency(1)
                .averageUpdaters(true).prefetchBuffer(0).reportScoreAfterAveraging(false)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING).build();
        try {
            wrapper.fit(new Shards(batches, stop, stepDone));
        } finally {
            wrapper.shutdown();
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
