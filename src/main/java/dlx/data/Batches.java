package dlx.data;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches of one split for DL4J. The split's features (and labels) are copied to ND4J once; each
 * batch gathers its rows with {@link Nd4j#pullRows}. Every row comes exactly once per epoch, the last
 * batch being smaller when the batch size does not divide the rows.
 *
 * <p>With shuffle on, the order of epoch e depends only on (seed, e), so a run resumed at epoch e sees
 * the batches the interrupted run would have: call {@link #setEpoch} before each epoch, and
 * {@link #skip} the batches already trained when resuming mid-epoch. {@link #reset} moves on to the
 * next epoch's order.
 *
 * <p>Features are [n, featureCount] floats; labels are one-hot [n, classes] for classification and
 * [n, 1] targets for regression. For a sequence model (timesteps &gt; 0) features are [n, features, timesteps],
 * DL4J's NCW layout, cut from each row read as [timesteps, features]; labels given per step are
 * [n, classes, timesteps].
 */
public final class Batches implements DataSetIterator {
    private final int rows;
    private final int featureCount;
    private final int outcomes;
    private final int timesteps;
    private final int labelSteps;
    private final INDArray features;
    private final INDArray labels;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private DataSetPreProcessor preProcessor;
    private int epoch;
    private int[] order;
    private int cursor;
    /** The arrays of the batch last returned, for {@link #release}. */
    private INDArray lastFeatures;
    private INDArray lastLabels;

    /**
     * @param classes number of classes, for the one-hot labels; ignored for regression
     * @param shuffle false keeps the split's order every epoch (validation, test)
     */
    public Batches(Split split, int classes, int batchSize, boolean shuffle, long seed) {
        this(split, classes, 0, batchSize, shuffle, seed);
    }

    /** @param timesteps the sequence length a recurrent model reads each row as; 0 for other models */
    public Batches(Split split, int classes, int timesteps, int batchSize, boolean shuffle, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        this.rows = split.rows();
        this.featureCount = split.featureCount();
        this.outcomes = split.isClassification() ? classes : 1;
        this.timesteps = timesteps;
        this.labelSteps = split.labelSteps();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        float[] answers = split.isClassification() ? oneHot(split.labels(), classes, labelSteps) : split.targets();
        float[] values = timesteps > 0 ? stepsLast(split.features(), featureCount, timesteps) : split.features();
        // ND4J cannot gather rows from an empty array; an empty split (no validation set) has no batches.
        this.features = rows == 0 ? null : matrix(values, featureCount);
        this.labels = rows == 0 ? null : matrix(answers, outcomes * labelSteps);
        setEpoch(0);
    }

    private Batches(Batches source, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        this.rows = source.rows;
        this.featureCount = source.featureCount;
        this.outcomes = source.outcomes;
        this.timesteps = source.timesteps;
        this.labelSteps = source.labelSteps;
        this.features = source.features;
        this.labels = source.labels;
        this.batchSize = batchSize;
        this.shuffle = false;
        this.seed = source.seed;
        setEpoch(0);
    }

    /**
     * The same rows in their split's order, in batches of {@code batchSize}, sharing this iterator's
     * resident arrays: an evaluation pass over the training split needs no second copy of it.
     */
    public Batches inOrder(int batchSize) {
        return new Batches(this, batchSize);
    }

    private INDArray matrix(float[] values, int columns) {
        return Nd4j.create(values, new long[]{rows, columns}, DataType.FLOAT);
    }

    /** Each row's [timesteps, features] values reordered to [features, timesteps], so batches need only a reshape. */
    private static float[] stepsLast(float[] values, int featureCount, int timesteps) {
        if (featureCount % timesteps != 0) {
            throw new IllegalArgumentException(featureCount + " features do not make " + timesteps + " time steps");
        }
        int perStep = featureCount / timesteps;
        float[] reordered = new float[values.length];
        for (int row = 0; row < values.length; row += featureCount) {
            for (int t = 0; t < timesteps; t++) {
                for (int f = 0; f < perStep; f++) {
                    reordered[row + f * timesteps + t] = values[row + t * perStep + f];
                }
            }
        }
        return reordered;
    }

    /** Row r's label at step t becomes a 1 at column k * steps + t: [classes, steps] per row, steps last. */
    private static float[] oneHot(int[] labels, int classes, int steps) {
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i / steps + " is not one of "
                        + classes + " classes");
            }
            int row = i / steps;
            oneHot[row * classes * steps + labels[i] * steps + i % steps] = 1;
        }
        return oneHot;
    }

    /** Starts epoch e from its first batch. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        this.order = shuffle ? Permutation.shuffled(rows, Permutation.seedFor(seed, epoch))
                : Permutation.identity(rows);
        this.cursor = 0;
    }

    /** Passes over the next {@code batches} batches of this epoch: a run resumed mid-epoch has trained them. */
    public void skip(int batches) {
        cursor = (int) Math.min(rows, cursor + (long) batches * batchSize);
    }

    public int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        return cursor < rows;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        int[] picked = Arrays.copyOfRange(order, cursor, Math.min(cursor + num, rows));
        cursor += picked.length;
        INDArray x = Nd4j.pullRows(features, 1, picked);
        INDArray y = Nd4j.pullRows(labels, 1, picked);
        lastFeatures = x;
        lastLabels = y;
        DataSet batch = new DataSet(timesteps > 0 ? x.reshape('c', picked.length, featureCount / timesteps, timesteps) : x,
                labelSteps > 1 ? y.reshape('c', picked.length, outcomes, labelSteps) : y);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /**
     * Frees the batch last returned by {@link #next} once the caller is done with it. ND4J frees an array's
     * off-heap memory only when the Java GC collects it, and between collections a few hundred batches
     * pile up (200 MB more peak RSS on Fashion-MNIST, BENCHMARKS.md).
     */
    public void release() {
        for (INDArray array : new INDArray[]{lastFeatures, lastLabels}) {
            if (array != null && array.closeable()) {
                array.close();
            }
        }
        lastFeatures = null;
        lastLabels = null;
    }

    @Override
    public void reset() {
        setEpoch(epoch + 1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: the data is already in memory, and a prefetching thread would blur which epoch is being read. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int inputColumns() {
        return featureCount;
    }

    @Override
    public int totalOutcomes() {
        return outcomes;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Null: class names are in {@link LoadedData#classNames()}. */
    @Override
    public List<String> getLabels() {
        return null;
    }
}
