package dlx.run;

import dlx.Limits;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.LayerConfig;
import dlx.config.Metric;
import dlx.config.Mode;
import dlx.config.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A run as read back from its folder by {@code dlx runs}: whatever it holds, whether it finished, is
 * still being written or crashed. Reading never locks and never fails: what cannot be read is null.
 *
 * @param info       run.json, or null if unreadable
 * @param experiment config.yaml, or null if unreadable
 * @param rows       metrics.csv's whole rows (possibly none)
 * @param test       summary.json's test scores, or null
 * @param bestEpoch  the epoch whose weights checkpoints/best.zip holds; without best.zip (checkpoints deleted to
 *                   save space) run.json's best_epoch; null when neither tells
 * @param parameters every config key as path → value, for comparing runs, plus {@code model.layers}: the
 *                   layers in one line ("dense 256 > dropout 0.2 > output 10"); empty when the config is
 *                   unreadable. Computed once here: comparisons look keys up run by run, many times.
 */
public record StoredRun(Path dir, RunInfo info, Experiment experiment, List<Map<String, Double>> rows,
                        Map<String, Double> test, Integer bestEpoch, Map<String, String> parameters) {

    public static StoredRun read(Path dir) {
        StoredRun run = readOnce(dir);
        // A run.json that said running when it was read, of a process gone now: the process may have written its last
        // run.json and quit while the other files were read. Read again; a run still said to be running has crashed.
        return run.info() != null && run.info().status() == RunStatus.RUNNING && !run.info().processAlive()
                ? readOnce(dir) : run;
    }

    private static StoredRun readOnce(Path dir) {
        RunInfo info = null;
        Experiment experiment = null;
        List<Map<String, Double>> rows = List.of();
        Map<String, Double> test = null;
        try {
            info = Json.MAPPER.readValue(RunFolder.readText(dir.resolve(RunFolder.RUN), Limits.SMALL_JSON_BYTES), RunInfo.class);
        } catch (IOException | RuntimeException unreadable) {
            // a run.json being replaced, or damaged: the listing shows what it can
        }
        try {
            experiment = ExperimentFile.fromResolvedYaml(RunFolder.readText(dir.resolve(RunFolder.CONFIG),
                    Limits.EXPERIMENT_FILE_BYTES), RunFolder.CONFIG);
        } catch (RuntimeException unreadable) {
            // as above
        }
        try {
            rows = CsvRows.read(dir.resolve(RunFolder.METRICS));
        } catch (RuntimeException unreadable) {
            // as above
        }
        try {
            test = Json.MAPPER.readValue(RunFolder.readText(dir.resolve(RunFolder.SUMMARY), Limits.SMALL_JSON_BYTES),
                    Summary.class).test();
        } catch (IOException | RuntimeException absent) {
            // a run still training has no summary yet
        }
        return new StoredRun(dir, info, experiment, rows, test, bestEpoch(dir, info), parametersOf(experiment));
    }

    private static Integer bestEpoch(Path dir, RunInfo info) {
        Path best = dir.resolve(RunFolder.CHECKPOINTS).resolve(RunFolder.BEST);
        if (!java.nio.file.Files.exists(best)) {
            return info == null ? null : info.bestEpoch();
        }
        try {
            return Checkpoint.readHeader(best).state().epochsCompleted();
        } catch (RuntimeException unreadable) {
            return null; // being replaced this moment, or damaged: no epoch's weights can be vouched for
        }
    }

    public String id() {
        return dir.getFileName().toString();
    }

    public String name() {
        return info != null ? info.name() : experiment != null ? experiment.name() : "?";
    }

    /** run.json's status, crashed for a running run whose process is gone, unreadable without run.json. */
    public RunStatus status() {
        return info == null ? RunStatus.UNREADABLE : info.currentStatus();
    }

    public int epochs() {
        return rows.size();
    }

    /** The metric that picks best.zip, e.g. val_accuracy; null when config.yaml is unreadable. */
    public Metric bestMetric() {
        return experiment == null ? null : experiment.training().checkpoint().best();
    }

    /**
     * The metrics.csv row of the epoch whose weights best.zip holds ({@link #bestEpoch}); null when no file tells
     * which epoch that is.
     */
    public Map<String, Double> bestRow() {
        return bestEpoch == null ? null
                : rows.stream().filter(r -> r.get("epoch") == bestEpoch.doubleValue()).findFirst().orElse(null);
    }

    /**
     * The row whose {@code metric} is best in {@code mode}, picked as training picks best.zip's epoch: the first
     * of equals, never a NaN; or null.
     */
    public Map<String, Double> bestRow(Metric metric, Mode mode) {
        Map<String, Double> best = null;
        Double bestValue = null;
        for (Map<String, Double> row : rows) {
            Double value = row.get(metric.toString());
            if (value != null && mode.better(value, bestValue)) {
                best = row;
                bestValue = value;
            }
        }
        return best;
    }

    /**
     * The run's value of {@code metric} when runs are ranked by it in {@code mode}: a test score (test_accuracy …),
     * else its best epoch's value (by the run's own checkpoint rule, the epoch best.zip holds); null when the run
     * has none or the name is no metric.
     */
    public Double value(String metric, Mode mode) {
        Metric known = Metric.named(metric).orElse(null);
        if (known == null) {
            return null;
        }
        if (known.isTestScore()) {
            return test == null ? null : test.get(known.testKey());
        }
        TrainingConfig.Checkpoint checkpoint = experiment == null ? null : experiment.training().checkpoint();
        boolean bestZips = checkpoint != null && checkpoint.best() == known && checkpoint.mode() == mode;
        Map<String, Double> row = bestZips ? bestRow() : bestRow(known, mode);
        return row == null ? null : row.get(metric);
    }

    /** The run's value of {@code metric} in the direction it improves. */
    public Double value(String metric) {
        return value(metric, Metric.named(metric).map(Metric::direction).orElse(Mode.MIN));
    }

    /** From start to end, or to now while running; null when unknown. */
    public Duration duration() {
        try {
            OffsetDateTime start = OffsetDateTime.parse(info.started());
            OffsetDateTime end = info.ended() != null ? OffsetDateTime.parse(info.ended()) : OffsetDateTime.now();
            return Duration.between(start, end);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    private static Map<String, String> parametersOf(Experiment experiment) {
        if (experiment == null) {
            return Map.of();
        }
        Map<String, String> parameters = new java.util.LinkedHashMap<>(ExperimentFile.flatten(experiment));
        parameters.put(LAYERS, experiment.model().layers().stream()
                .map(StoredRun::brief)
                .collect(java.util.stream.Collectors.joining(" > ")));
        return java.util.Collections.unmodifiableMap(parameters);
    }

    /** A layer in a few characters: its type and its size or rate, e.g. {@code dense 256} or {@code dropout 0.2}. */
    private static String brief(LayerConfig layer) {
        if (layer instanceof LayerConfig.Dense d) {
            return layer.type() + " " + d.units();
        } else if (layer instanceof LayerConfig.Prediction p) {
            return layer.type() + " " + p.units();
        } else if (layer instanceof LayerConfig.Recurrent r) {
            return layer.type() + " " + r.units();
        } else if (layer instanceof LayerConfig.Embedding e) {
            return layer.type() + " " + e.units();
        } else if (layer instanceof LayerConfig.Dropout d) {
            return layer.type() + " " + d.rate();
        }
        return layer.type();
    }

    /** The key of {@link #parameters()} that sums up the layers. */
    public static final String LAYERS = "model.layers";
}
