package dlx.data;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches of one split for DL4J. Each batch's rows are gathered from the split's Java arrays into
 * a new ND4J array, so the data is held once, on the Java heap: a resident ND4J copy would double its
 * share of peak RSS (220 MB for Fashion-MNIST, BENCHMARKS.md) for no measurable speed. Every row comes
 * exactly once per epoch, the last batch being smaller when the batch size does not divide the rows.
 *
 * <p>With shuffle on, the order of epoch e depends only on (seed, e), so a run resumed at epoch e sees
 * the batches the interrupted run would have: call {@link #setEpoch} before each epoch, and
 * {@link #skip} the batches already trained when resuming mid-epoch. {@link #reset} moves on to the
 * next epoch's order.
 *
 * <p>Features are [n, featureCount] floats; labels are one-hot [n, classes] for classification (or, for a network
 * with one sigmoid output for two classes, [n, 1] holding the class, 0 or 1) and [n, 1] targets for regression. For a sequence model (timesteps &gt; 0) features are [n, features, timesteps],
 * DL4J's NCW layout, cut from each row read as [timesteps, features]; labels given per step are
 * [n, classes, timesteps].
 */
public final class Batches implements DataSetIterator {
    private final Split split;
    private final int outcomes;
    private final int timesteps;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    /** Null: the rows as they are (always so for validation, test and the training metrics). */
    private final Augmentation augmentation;
    private DataSetPreProcessor preProcessor;
    private int epoch;
    private int[] order;
    private int cursor;
    /** The arrays of the batch last returned, for {@link #release}. */
    private INDArray lastFeatures;
    private INDArray lastLabels;

    /**
     * @param classes number of classes, for the one-hot labels; 1 for two classes given as the class itself (0 or 1),
     *                one column for a network with one sigmoid output; ignored for regression
     * @param shuffle false keeps the split's order every epoch (validation, test)
     */
    public Batches(Split split, int classes, int batchSize, boolean shuffle, long seed) {
        this(split, classes, 0, batchSize, shuffle, seed);
    }

    /** @param timesteps the sequence length a recurrent model reads each row as; 0 for other models */
    public Batches(Split split, int classes, int timesteps, int batchSize, boolean shuffle, long seed) {
        this(split, classes, timesteps, batchSize, shuffle, seed, null);
    }

    /**
     * @param augmentation changes each row's image anew every epoch ({@code data.augment}); null for none. Only the
     *                     training batches take one: {@link #inOrder} reads the rows as they are.
     */
    public Batches(Split split, int classes, int timesteps, int batchSize, boolean shuffle, long seed,
                   Augmentation augmentation) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        if (timesteps > 0 && split.featureCount() % timesteps != 0) {
            throw new IllegalArgumentException(split.featureCount() + " features do not make " + timesteps + " time steps");
        }
        if (split.isClassification()) {
            for (int i = 0; i < split.labels().length; i++) {
                if (split.labels()[i] < 0 || split.labels()[i] >= Math.max(classes, 2)) {
                    throw new IllegalArgumentException("label " + split.labels()[i] + " of row " + i / split.labelSteps()
                            + " is not one of " + Math.max(classes, 2) + " classes");
                }
            }
        }
        this.split = split;
        this.outcomes = split.isClassification() ? classes : 1;
        this.timesteps = timesteps;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentation = augmentation;
        setEpoch(0);
    }

    private Batches(Batches source, int batchSize) {
        this(source.split, source.outcomes, source.timesteps, batchSize, false, source.seed);
    }

    /** The same rows in their split's order, in batches of {@code batchSize}, read from the same arrays. */
    public Batches inOrder(int batchSize) {
        return new Batches(this, batchSize);
    }

    /**
     * The rows' features, [n, featureCount]. A sequence row's [timesteps, features] values are stored
     * [features, timesteps], so the batch needs only a reshape to NCW.
     */
    private float[] gatherFeatures(int[] picked) {
        float[] values = split.features();
        int featureCount = split.featureCount();
        float[] out = new float[picked.length * featureCount];
        int perStep = timesteps > 0 ? featureCount / timesteps : 0;
        float[] row = timesteps > 0 && augmentation != null ? new float[featureCount] : null;
        for (int i = 0; i < picked.length; i++) {
            int from = picked[i] * featureCount;
            int to = i * featureCount;
            if (timesteps == 0) {
                System.arraycopy(values, from, out, to, featureCount);
                if (augmentation != null) {
                    augmentation.apply(out, to, picked[i], epoch);
                }
                continue;
            }
            float[] source = values;
            if (row != null) { // an image read as a sequence of its rows: changed as an image, then cut into steps
                System.arraycopy(values, from, row, 0, featureCount);
                augmentation.apply(row, 0, picked[i], epoch);
                source = row;
                from = 0;
            }
            for (int t = 0; t < timesteps; t++) {
                for (int f = 0; f < perStep; f++) {
                    out[to + f * timesteps + t] = source[from + t * perStep + f];
                }
            }
        }
        return out;
    }

    /** A new [rows, columns] array holding values, copied in one block (Nd4j.create copies element by element). */
    private static INDArray array(float[] values, int rows, int columns) {
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
        ((FloatPointer) array.data().pointer()).put(values, 0, values.length);
        return array;
    }

    /**
     * One-hot labels, row r's label k at step t a 1 at column k * steps + t ([classes, steps] per row); with one
     * column, k itself at column t; or targets.
     */
    private float[] gatherLabels(int[] picked) {
        int labelSteps = split.labelSteps();
        float[] out = new float[picked.length * outcomes * labelSteps];
        for (int i = 0; i < picked.length; i++) {
            if (!split.isClassification()) {
                out[i] = split.targets()[picked[i]];
                continue;
            }
            for (int t = 0; t < labelSteps; t++) {
                int label = split.labels()[picked[i] * labelSteps + t];
                if (outcomes == 1) {
                    out[i * labelSteps + t] = label;
                } else {
                    out[i * outcomes * labelSteps + label * labelSteps + t] = 1;
                }
            }
        }
        return out;
    }

    /** Starts epoch e from its first batch. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        this.order = shuffle ? Permutation.shuffled(split.rows(), Permutation.seedFor(seed, epoch))
                : Permutation.identity(split.rows());
        this.cursor = 0;
    }

    /** Passes over the next {@code batches} batches of this epoch: a run resumed mid-epoch has trained them. */
    public void skip(int batches) {
        cursor = (int) Math.min(split.rows(), cursor + (long) batches * batchSize);
    }

    public int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        return cursor < split.rows();
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
        int[] picked = Arrays.copyOfRange(order, cursor, Math.min(cursor + num, split.rows()));
        int featureCount = split.featureCount();
        int labelSteps = split.labelSteps();
        cursor += picked.length;
        INDArray x = array(gatherFeatures(picked), picked.length, featureCount);
        INDArray y = array(gatherLabels(picked), picked.length, outcomes * labelSteps);
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
        return split.featureCount();
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
