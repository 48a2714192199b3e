package dlx.report;

import dlx.InvalidInputException;
import dlx.config.DidYouMean;
import dlx.run.CsvRows;
import dlx.run.RunFolder;
import dlx.run.RunStatus;
import dlx.run.StoredRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The curves {@code dlx plot} draws from stored runs: one metric of a run against the epoch, the iteration or the
 * seconds trained, and the panels that group them (a panel per run, or per value of a config key).
 */
public final class RunCurves {
    /** What a curve is drawn against. */
    public enum Axis {
        EPOCH, ITERATION, SECONDS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private RunCurves() {
    }

    /**
     * The points of {@code metric} of one run against {@code x}; none when the run lacks it.
     *
     * @param available gets the columns the run has, for the message when no run has the metric
     */
    public static Series of(StoredRun run, String metric, Axis x, String label, Set<String> available) {
        List<Map<String, Double>> epochs = run.rows();
        List<Map<String, Double>> steps = CsvRows.read(run.dir().resolve(RunFolder.STEPS));
        epochs.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        steps.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        double seconds = 0;
        List<double[]> points = new ArrayList<>();
        for (Map<String, Double> row : perStep(metric, x) ? steps : epochs) {
            seconds += row.getOrDefault("seconds", 0.0);
            Double y = row.get(metric);
            Double at = x == Axis.SECONDS ? Double.valueOf(seconds) : row.get(x.toString());
            if (y != null && at != null && !y.isNaN()) {
                points.add(new double[] {at, y});
            }
        }
        return new Series(label, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    /**
     * Refuses a metric that none of the runs' curves has a point of, in one line that says why: the step loss of
     * runs whose metrics-steps.csv is empty names training.log_every.
     */
    public static void requirePoints(String metric, Axis x, List<StoredRun> runs, List<Series> curves,
                                     Set<String> available) {
        if (curves.stream().anyMatch(s -> s.x().length > 0)) {
            return;
        }
        if (perStep(metric, x)) {
            StoredRun first = runs.get(0);
            String every = first.experiment() == null ? "" : " (" + first.experiment().training().logEvery() + " in "
                    + first.id() + ")";
            throw new InvalidInputException("--metric " + metric + " --x " + x + ": these runs' metrics-steps.csv has"
                    + " no rows; it records the loss every training.log_every iterations" + every
                    + " and at each epoch's end (an earlier dlx: only every log_every): train with a smaller log_every"
                    + " (--set training.log_every=10) or plot against --x epoch");
        }
        Set<String> columns = new java.util.LinkedHashSet<>(available);
        columns.removeAll(List.of("epoch", "iteration", "seconds", "samples_per_s"));
        throw new InvalidInputException("--metric " + metric + ": none of these runs has it against " + x
                + " (they have: " + String.join(", ", columns) + ")");
    }

    /** A panel per run; with {@code marks}, its best epoch and the epoch early stopping stopped at, against epochs. */
    public static List<PanelChart.Panel> perRun(List<StoredRun> runs, List<String> labels, List<List<Series>> curves,
                                                boolean marks, Axis x) {
        List<PanelChart.Panel> result = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<PanelChart.Mark> runMarks = new ArrayList<>();
            StoredRun run = runs.get(i);
            if (marks && x == Axis.EPOCH) {
                Integer best = run.info() == null ? null : run.info().bestEpoch();
                if (best != null && best > 0) {
                    runMarks.add(new PanelChart.Mark("best epoch " + best + " (best.zip)", best));
                }
                if (run.status() == RunStatus.STOPPED_EARLY) {
                    runMarks.add(new PanelChart.Mark("stopped after epoch " + run.epochs(), run.epochs()));
                }
            }
            result.add(new PanelChart.Panel(labels.get(i), curves.get(i), runMarks));
        }
        return result;
    }

    /** The runs that share a value of config key {@code key}: a panel per value, in the order the runs come. */
    public static List<PanelChart.Panel> perValue(String key, List<StoredRun> runs, List<String> labels,
                                                  List<List<Series>> curves) {
        Map<String, List<Series>> byValue = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            String value = runs.get(i).parameters().get(key);
            if (value == null) {
                throw new InvalidInputException("--panels " + key + ": run " + runs.get(i).id() + "'s config has no"
                        + " such key" + DidYouMean.hint(key, new TreeSet<>(runs.get(i).parameters().keySet())));
            }
            for (Series s : curves.get(i)) {
                String label = curves.get(i).size() > 1 ? labels.get(i) + ": " + s.label() : s.label();
                byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(new Series(label, s.x(), s.y()));
            }
        }
        return byValue.entrySet().stream().map(e -> new PanelChart.Panel(key + " = " + e.getKey(), e.getValue(), List.of()))
                .toList();
    }

    /** The step loss, and the rate against iterations, come from metrics-steps.csv. */
    private static boolean perStep(String metric, Axis x) {
        return metric.equals("loss") || (metric.equals("lr") && x == Axis.ITERATION);
    }
}
