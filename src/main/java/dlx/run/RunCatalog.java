package dlx.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/** The runs of a runs directory, oldest first, and the parameters by which they differ. */
public final class RunCatalog {
    private RunCatalog() {
    }

    /**
     * Every folder with a run.json or config.yaml directly under {@code runsDir}, or, for a sweep's folder, under its
     * trials/ (a sweep's trials are runs like any other).
     */
    public static List<StoredRun> list(Path runsDir) {
        if (!Files.isDirectory(runsDir)) {
            throw new RunFolderException(runsDir + ": no such runs directory");
        }
        try (Stream<Path> folders = Files.list(runsIn(runsDir))) {
            return folders.filter(Files::isDirectory)
                    .filter(d -> Files.exists(d.resolve(RunFolder.RUN)) || Files.exists(d.resolve(RunFolder.CONFIG)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(StoredRun::read).toList();
        } catch (IOException e) {
            throw new RunFolderException(runsDir + ": cannot list (" + e.getMessage() + ")");
        }
    }

    /** Where the run folders of {@code dir} are: a sweep's folder (sweep.yaml) keeps them in trials/. */
    public static Path runsIn(Path dir) {
        Path trials = dir.resolve("trials");
        return Files.isRegularFile(dir.resolve("sweep.yaml")) && Files.isDirectory(trials) ? trials : dir;
    }

    /**
     * The config keys whose values are not the same in all these runs (the run name aside), in file
     * order. Runs whose layers differ in kind get one {@code model.layers} column instead of a column
     * per layer key; runs with the same layers keep the keys that differ (e.g. one layer's units).
     */
    public static List<String> differingParameters(List<StoredRun> all) {
        // a run whose config cannot be read has no say in which keys differ; it shows "?" in them
        List<StoredRun> runs = all.stream().filter(r -> !r.parameters().isEmpty()).toList();
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.parameters().keySet()));
        boolean sameLayerTypes = runs.stream().map(r -> layerTypes(r.parameters())).distinct().count() <= 1;
        List<String> differing = new ArrayList<>();
        for (String key : keys) {
            if (key.equals("name") || (sameLayerTypes ? key.equals(StoredRun.LAYERS) : key.startsWith(StoredRun.LAYERS + "["))) {
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            for (StoredRun run : runs) {
                values.add(Objects.toString(run.parameters().get(key), "(absent)"));
            }
            if (values.size() > 1) {
                differing.add(key);
            }
        }
        return differing;
    }

    /** Run names when they tell the runs apart; otherwise the config keys that differ. */
    public static List<String> labels(List<StoredRun> runs) {
        List<String> names = runs.stream().map(StoredRun::name).toList();
        if (names.stream().distinct().count() == names.size()) {
            return names;
        }
        List<String> differing = differingParameters(runs);
        return runs.stream().map(r -> differing.isEmpty() ? r.id() : differing.stream()
                .map(k -> k + "=" + r.parameters().getOrDefault(k, "-")).collect(java.util.stream.Collectors.joining(", "))).toList();
    }

    private static List<String> layerTypes(Map<String, String> parameters) {
        return parameters.entrySet().stream().filter(e -> e.getKey().matches("model\\.layers\\[\\d+]\\.type"))
                .map(Map.Entry::getValue).toList();
    }
}
