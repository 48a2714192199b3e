package dlx.data;

import dlx.config.DataConfig;
import dlx.config.Normalization;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the data set a resolved {@link DataConfig} describes: reads the source, deals its rows into
 * training, validation and test sets with a seeded shuffle, and normalises them with statistics of the
 * training set. Bad files fail with a {@link DataException} naming the file and the line or byte offset.
 * Nothing here touches ND4J; {@link Batches} turns a split into mini-batches.
 */
public final class DataSources {
    private DataSources() {
    }

    /**
     * @param resolved the data config with its defaults filled in
     * @param seed     decides the split, and for synthetic data the examples themselves
     * @param baseDir  what relative paths in the config are relative to
     */
    public static LoadedData load(DataConfig resolved, long seed, Path baseDir) {
        SourceData source = resolved instanceof DataConfig.Csv csv ? CsvDataset.read(csv, baseDir)
                : resolved instanceof DataConfig.Synthetic synthetic ? SyntheticData.generate(synthetic, seed)
                : IdxFolder.read(resolved, baseDir);
        int rows = source.train().rows();
        double testFraction = source.test() == null ? resolved.testSplit() : 0;
        SeededSplit parts = SeededSplit.of(rows, testFraction, resolved.validationSplit(), resolved.trainLimit(),
                seed);
        if (parts.train().length == 0) {
            throw new DataException(where(resolved) + ": no training examples left of " + rows + " after holding out "
                    + parts.test().length + " for test and " + parts.validation().length
                    + " for validation; lower test_split or validation_split");
        }
        Split train = source.train().select(parts.train());
        Split validation = source.train().select(parts.validation());
        Split test = source.test() == null ? source.train().select(parts.test())
                : source.test().select(Permutation.identity(source.test().rows()));
        Normalizer normalizer = null;
        if (resolved.normalize() != Normalization.NONE) {
            normalizer = Normalizer.fit(resolved.normalize(), train, source.images());
            normalizer.applyTo(train);
            normalizer.applyTo(validation);
            normalizer.applyTo(test);
        }
        Preprocessing preprocessing = new Preprocessing(source.inputShape(), source.featureColumns(),
                resolved instanceof DataConfig.Csv csv ? csv.label() : null, source.classNames(), normalizer);
        return new LoadedData(train, validation, test, source.inputShape(), resolved.task(), source.classes(),
                source.classNames(), source.fingerprint(), preprocessing);
    }

    /** The shape of one example, from file headers only: cheap enough for {@code dlx config validate}. */
    public static List<Integer> inputShape(DataConfig resolved, Path baseDir) {
        return resolved instanceof DataConfig.Csv csv ? CsvDataset.inputShape(csv, baseDir)
                : resolved instanceof DataConfig.Synthetic synthetic ? SyntheticData.inputShape(synthetic)
                : IdxFolder.inputShape(resolved, baseDir);
    }

    /**
     * The class names of a classification source (empty for regression), without splitting or normalising:
     * dlx config validate checks the output layer against them. IDX sources read their label files only; a
     * CSV file is read whole, as training reads it, since any row may hold a new label.
     */
    public static List<String> classNames(DataConfig resolved, Path baseDir) {
        return resolved instanceof DataConfig.Csv csv ? CsvDataset.read(csv, baseDir).classNames()
                : resolved instanceof DataConfig.Synthetic synthetic ? SyntheticData.classNames(synthetic)
                : IdxFolder.classNames(resolved, baseDir);
    }

    private static String where(DataConfig resolved) {
        return resolved instanceof DataConfig.Synthetic synthetic ? "synthetic " + synthetic.kind() : resolved.path();
    }
}
