package dlx.data;

import dlx.config.DataConfig;

/** Data configs as DataConfig.resolve would fill them in, for tests. */
final class ResolvedConfigs {
    private ResolvedConfigs() {
    }

    static DataConfig idx(String source, String path, double validationSplit, Integer trainLimit, String normalize) {
        return new DataConfig(source, path, null, validationSplit, null, trainLimit, normalize, "classification",
                null, null, null, null, null);
    }

    static DataConfig csv(String path, String testPath, double validationSplit, double testSplit,
                          Integer trainLimit, String normalize, String task, String label) {
        return new DataConfig("csv", path, testPath, validationSplit, testPath == null ? testSplit : null,
                trainLimit, normalize, task, label, null, null, null, null);
    }

    static DataConfig synthetic(String kind, int samples, double noise, double validationSplit, double testSplit,
                                String normalize) {
        return new DataConfig("synthetic", null, null, validationSplit, testSplit, null, normalize,
                kind.equals("sine") ? "regression" : "classification", null, kind, samples, noise, null);
    }

    static DataConfig sequence(String kind, int samples, int steps) {
        return new DataConfig("synthetic", null, null, 0.1, 0.2, null, "none", "classification", null, kind, samples,
                null, steps);
    }
}
