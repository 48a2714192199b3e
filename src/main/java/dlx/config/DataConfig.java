package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Where the examples come from and how they are split and normalised. Keys a source does not use
 * are errors; {@link #resolve} fills the defaults of the chosen source.
 *
 * @param source          fashion-mnist | idx | csv | synthetic
 * @param path            folder (fashion-mnist, idx) or file (csv); fashion-mnist defaults to datasets/fashion-mnist
 * @param testPath        csv only: a separate test file; without it {@code test_split} of the file is held out
 * @param validationSplit fraction of the training set held out for validation (seeded)
 * @param testSplit       csv without test_path, synthetic: fraction held out as the test set
 * @param trainLimit      keep only the first N training examples after shuffling (null: all)
 * @param normalize       scale (to [0,1]) | standardize (zero mean, unit variance) | none; fitted on the training split
 * @param task            classification | regression; chosen by csv, implied by the other sources
 * @param label           csv only: the name of the label column
 * @param kind            synthetic only: xor | spirals | moons | sine, or a sequence task labelled at every
 *                        step: parity (running parity of random bits) | running_sum (sign of a running sum)
 * @param samples         synthetic only: number of examples generated
 * @param noise           synthetic xor, spirals, moons, sine: standard deviation of the noise added
 * @param steps           synthetic parity and running_sum only: the length of each sequence (default 20)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataConfig(String source, String path, String testPath, Double validationSplit, Double testSplit,
                         Integer trainLimit, String normalize, String task, String label, String kind,
                         Integer samples, Double noise, Integer steps) {

    public static final List<String> SOURCES = List.of("fashion-mnist", "idx", "csv", "synthetic");
    public static final List<String> NORMALIZATIONS = List.of("scale", "standardize", "none");
    public static final List<String> TASKS = List.of("classification", "regression");
    public static final List<String> SYNTHETIC_KINDS = List.of("xor", "spirals", "moons", "sine", "parity", "running_sum");
    public static final List<String> SEQUENCE_KINDS = List.of("parity", "running_sum");
    private static final int DEFAULT_STEPS = 20;

    private static final List<String> COMMON = List.of("source", "validation_split", "train_limit", "normalize", "task");
    private static final Map<String, List<String>> KEYS_BY_SOURCE = Map.of(
            "fashion-mnist", List.of("path"),
            "idx", List.of("path"),
            "csv", List.of("path", "test_path", "test_split", "label"),
            "synthetic", List.of("kind", "samples", "noise", "test_split", "steps"));

    public static DataConfig defaults() {
        return new DataConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isClassification() {
        return "classification".equals(task);
    }

    /** 1 when each example has one label; for the synthetic sequence tasks, one label per time step. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int labelSteps() {
        return kind != null && SEQUENCE_KINDS.contains(kind) ? steps : 1;
    }

    DataConfig resolve(String at) {
        String src = Require.oneOf(at + ".source", source == null ? "fashion-mnist" : source, SOURCES);
        List<String> used = new java.util.ArrayList<>(COMMON);
        used.addAll(KEYS_BY_SOURCE.get(src));
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("path", path);
        given.put("test_path", testPath);
        given.put("test_split", testSplit);
        given.put("task", task);
        given.put("label", label);
        given.put("kind", kind);
        given.put("samples", samples);
        given.put("noise", noise);
        given.put("steps", steps);
        given.forEach((key, value) -> Require.onlyUsedKeys(at, "source " + src, used, key, value));

        double val = Require.fraction(at + ".validation_split", validationSplit == null ? 0.1 : validationSplit, true);
        if (trainLimit != null) {
            Require.positive(at + ".train_limit", trainLimit);
        }
        String norm = Require.oneOf(at + ".normalize", normalize == null ? "scale" : normalize, NORMALIZATIONS);
        String impliedTask = src.equals("synthetic") && "sine".equals(kind) ? "regression" : "classification";
        if (task != null && !src.equals("csv") && !task.equals(impliedTask)) {
            throw new ConfigException(at + ".task", "source " + src + (kind == null ? "" : " " + kind) + " is a "
                    + impliedTask + " dataset, got " + task);
        }
        return switch (src) {
            case "fashion-mnist" -> new DataConfig(src, path == null ? "datasets/fashion-mnist" : path, null, val,
                    null, trainLimit, norm, "classification", null, null, null, null, null);
            case "idx" -> new DataConfig(src, required(at + ".path", path, "a folder with the four IDX files"),
                    null, val, null, trainLimit, norm, "classification", null, null, null, null, null);
            case "csv" -> new DataConfig(src, required(at + ".path", path, "a CSV file with a header row"), testPath,
                    val, testPath == null ? testFraction(at) : null, trainLimit, norm,
                    Require.oneOf(at + ".task", task == null ? "classification" : task, TASKS),
                    label == null ? "label" : label, null, null, null, null);
            default -> {
                String k = Require.oneOf(at + ".kind", kind == null ? "xor" : kind, SYNTHETIC_KINDS);
                boolean sequence = SEQUENCE_KINDS.contains(k);
                Require.onlyUsedKeys(at, "kind " + k, sequence ? List.of("steps") : List.of("noise"), "steps", steps);
                Require.onlyUsedKeys(at, "kind " + k, sequence ? List.of("steps") : List.of("noise"), "noise", noise);
                yield new DataConfig(src, null, null, val, testFraction(at), trainLimit, norm,
                        k.equals("sine") ? "regression" : "classification", null, k,
                        Require.positive(at + ".samples", samples == null ? 1000 : samples),
                        sequence ? null : Require.nonNegative(at + ".noise", noise == null ? 0.1 : noise),
                        sequence ? Require.positive(at + ".steps", steps == null ? DEFAULT_STEPS : steps) : null);
            }
        };
    }

    private double testFraction(String at) {
        return Require.fraction(at + ".test_split", testSplit == null ? 0.2 : testSplit, false);
    }

    private static String required(String path, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(path, "is required for this source: " + what);
        }
        return value;
    }
}
