package dlx.data;

import dlx.config.DataConfig;
import dlx.config.Normalization;
import dlx.config.SyntheticKind;
import dlx.config.Task;
import java.util.Locale;

/** Data configs as DataConfig's resolve would fill them in, for tests. */
final class ResolvedConfigs {
    private ResolvedConfigs() {
    }

    static DataConfig idx(String source, String path, double validationSplit, Integer trainLimit, String normalize) {
        return source.equals("fashion-mnist")
                ? new DataConfig.FashionMnist(path, validationSplit, trainLimit, normalization(normalize), Task.CLASSIFICATION, null)
                : new DataConfig.Idx(path, validationSplit, trainLimit, normalization(normalize), Task.CLASSIFICATION, null);
    }

    static DataConfig csv(String path, String testPath, double validationSplit, double testSplit,
                          Integer trainLimit, String normalize, String task, String label) {
        return new DataConfig.Csv(path, testPath, validationSplit, testPath == null ? testSplit : null, trainLimit,
                normalization(normalize), Task.valueOf(task.toUpperCase(Locale.ROOT)), label);
    }

    static DataConfig synthetic(String kind, int samples, double noise, double validationSplit, double testSplit,
                                String normalize) {
        SyntheticKind k = SyntheticKind.valueOf(kind.toUpperCase(Locale.ROOT));
        return new DataConfig.Synthetic(validationSplit, testSplit, null, normalization(normalize), k.task(), k, samples,
                noise, null, null);
    }

    static DataConfig sequence(String kind, int samples, int steps) {
        return new DataConfig.Synthetic(0.1, 0.2, null, Normalization.NONE, Task.CLASSIFICATION,
                SyntheticKind.valueOf(kind.toUpperCase(Locale.ROOT)), samples, null, steps, null);
    }

    private static Normalization normalization(String name) {
        return Normalization.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
