package dlx.cli;

import dlx.InvalidInputException;
import dlx.report.LayerCharts;
import dlx.config.DidYouMean;
import dlx.report.LineChart;
import dlx.report.PanelChart;
import dlx.report.Series;
import dlx.run.CsvRows;
import dlx.run.RunFolder;
import dlx.run.RunCatalog;
import dlx.run.RunStatus;
import dlx.run.StoredRun;
import dlx.train.LayerStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw one metric of several runs on one chart, each run labelled by its name, or by the config"
                + " keys that differ when names repeat.",
                "A layers.* metric (a column of layers.csv, recorded with training.record) draws one line per layer"
                        + " against the iteration, one panel per run, the panels sharing their y range.",
                "Several metrics (--metric train_accuracy,val_accuracy) draw one panel per run with a line per metric;"
                        + " --panels KEY instead puts the runs that share a value of config key KEY in one panel."},
        footer = {"", "Examples:",
                "  dlx plot runs/*lr-* --metric val_accuracy --out lr.png",
                "  dlx plot runs/20261123-120000-a runs/20261123-120500-b --metric val_loss --x seconds --out time.svg",
                "  dlx plot runs/*-lr-* --metric lr --x iteration          (the schedules)",
                "  dlx plot runs/*-lr-* --metric loss --x iteration --log  (the step loss)",
                "  dlx plot runs/*-sigmoid runs/*-relu --metric layers.grad_norm --log",
                "  dlx plot runs/*overfit-* --metric train_accuracy,val_accuracy   (a panel per run)",
                "  dlx plot runs/*early* --metric train_loss,val_loss --marks   (best and stop epochs marked)",
                "  dlx plot runs/*bn-* --metric train_accuracy --panels model.defaults.init.std",
                "", "Layer metrics: layers.act_mean, layers.act_std, layers.saturated, layers.dead, layers.grad_norm,"
                + " layers.update_ratio (see docs/config.md)."})
public final class PlotCommand implements Callable<Integer> {
    private static final String LAYERS = "layers.";

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders, or run ids under --runs-dir.")
    List<String> runs;

    @Option(names = "--metric", defaultValue = "val_accuracy", paramLabel = "METRIC",
            description = "A column of metrics.csv (train_loss, val_accuracy, lr …), of metrics-steps.csv (loss, lr)"
                    + " or of layers.csv (layers.grad_norm …), or several columns of metrics.csv separated by commas;"
                    + " default: ${DEFAULT-VALUE}.")
    String metric;

    @Option(names = "--panels", paramLabel = "run|KEY", description = "One panel per run (the default for several"
            + " metrics), or per value of a config key such as model.defaults.init.std; the panels share their y range.")
    String panels;

    @Option(names = "--marks", description = "Mark each run's best epoch (the one best.zip keeps) and, for a run"
            + " stopped early, the epoch it stopped at; with a panel per run.")
    boolean marks;

    @Option(names = "--x", paramLabel = "AXIS", description = "epoch, iteration or seconds (default: epoch; iteration"
            + " for layers.* metrics, which have no other).")
    String x;

    @Option(names = "--log", description = "A logarithmic y axis; points at or below 0 are left out.")
    boolean log;

    @Option(names = "--out", paramLabel = "FILE", description = "A .png or .svg file (default: METRIC.png).")
    Path out;

    @Mixin
    RunsDirOption runsDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean layers = metric.startsWith(LAYERS);
        x = x != null ? x : layers ? "iteration" : "epoch";
        if (!List.of("epoch", "iteration", "seconds").contains(x)) {
            throw new InvalidInputException("--x: '" + x + "' is not one of epoch, iteration, seconds");
        }
        Path file = out != null ? out : Path.of(metric + ".png");
        if (!file.toString().endsWith(".png") && !file.toString().endsWith(".svg")) {
            throw new InvalidInputException("--out " + file + ": the file must end in .png or .svg");
        }
        List<StoredRun> stored = runs.stream().map(r -> StoredRun.read(RunsCommand.folder(r, runsDir.path))).toList();
        if (layers) {
            writeLayerPanels(file, stored);
            spec.commandLine().getOut().println(file);
            return ExitCodes.DONE;
        }
        List<String> labels = RunCatalog.labels(stored);
        List<String> metrics = List.of(metric.split(",", -1));
        Set<String> available = new LinkedHashSet<>();
        List<List<Series>> perRun = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            List<Series> ofRun = new ArrayList<>();
            for (String m : metrics) {
                ofRun.add(series(stored.get(i), m, metrics.size() > 1 ? m : labels.get(i), available));
            }
            perRun.add(ofRun);
        }
        for (int m = 0; m < metrics.size(); m++) {
            int index = m;
            if (perRun.stream().allMatch(r -> r.get(index).x().length == 0) && perStep(metrics.get(m))) {
                StoredRun first = stored.get(0);
                String every = first.experiment() == null ? "" : " (" + first.experiment().training().logEvery() + " in "
                        + first.id() + ")";
                throw new InvalidInputException("--metric " + metrics.get(m) + " --x " + x + ": these runs'"
                        + " metrics-steps.csv has no rows; it records the loss every training.log_every iterations" + every
                        + " and at each epoch's end (an earlier dlx: only every log_every): train with a smaller log_every"
                        + " (--set training.log_every=10) or plot against --x epoch");
            }
            if (perRun.stream().allMatch(r -> r.get(index).x().length == 0)) {
                available.removeAll(List.of("epoch", "iteration", "seconds", "samples_per_s"));
                throw new InvalidInputException("--metric " + metrics.get(m) + ": none of these runs has it against " + x
                        + " (they have: " + String.join(", ", available) + ")");
            }
        }
        String panelBy = panels != null ? panels : metrics.size() > 1 || marks ? "run" : null;
        if (panelBy == null) {
            LineChart.write(file, metric, x, metric, perRun.stream().map(r -> r.get(0)).toList(), log);
        } else {
            String title = String.join(" and ", metrics);
            PanelChart.write(file, title, x, metrics.size() > 1 ? "" : metric,
                    panelBy.equals("run") ? panelPerRun(stored, labels, perRun) : panelPerValue(panelBy, stored, labels, perRun),
                    log);
        }
        spec.commandLine().getOut().println(file);
        return ExitCodes.DONE;
    }

    private List<PanelChart.Panel> panelPerRun(List<StoredRun> stored, List<String> labels, List<List<Series>> perRun) {
        List<PanelChart.Panel> result = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            List<PanelChart.Mark> runMarks = new ArrayList<>();
            StoredRun run = stored.get(i);
            if (marks && x.equals("epoch")) {
                Integer best = run.info() == null ? null : run.info().bestEpoch();
                if (best != null && best > 0) {
                    runMarks.add(new PanelChart.Mark("best epoch " + best + " (best.zip)", best));
                }
                if (run.status() == RunStatus.STOPPED_EARLY) {
                    runMarks.add(new PanelChart.Mark("stopped after epoch " + run.epochs(), run.epochs()));
                }
            }
            result.add(new PanelChart.Panel(labels.get(i), perRun.get(i), runMarks));
        }
        return result;
    }

    /** The runs that share a value of config key {@code key}, a panel per value in the order the runs come. */
    private List<PanelChart.Panel> panelPerValue(String key, List<StoredRun> stored, List<String> labels,
                                                 List<List<Series>> perRun) {
        if (marks) {
            throw new InvalidInputException("--marks: marks need a panel per run (--panels run), not per " + key);
        }
        Map<String, List<Series>> byValue = new java.util.LinkedHashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            String value = stored.get(i).parameters().get(key);
            if (value == null) {
                Set<String> keys = new java.util.TreeSet<>(stored.get(i).parameters().keySet());
                throw new InvalidInputException("--panels " + key + ": run " + stored.get(i).id() + "'s config has no"
                        + " such key" + DidYouMean.hint(key, keys));
            }
            for (Series s : perRun.get(i)) {
                String label = perRun.get(i).size() > 1 ? labels.get(i) + ": " + s.label() : s.label();
                byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(new Series(label, s.x(), s.y()));
            }
        }
        return byValue.entrySet().stream().map(e -> new PanelChart.Panel(key + " = " + e.getKey(), e.getValue(), List.of()))
                .toList();
    }

    /** The points of one metric of one run against --x; none when the run lacks it. */
    private Series series(StoredRun run, String m, String label, Set<String> available) {
        double seconds = 0;
        List<double[]> points = new ArrayList<>();
        for (Map<String, Double> row : rowsWith(run, m, available)) {
            seconds += row.getOrDefault("seconds", 0.0);
            Double y = row.get(m);
            Double at = x.equals("seconds") ? Double.valueOf(seconds) : row.get(x);
            if (y != null && at != null && !y.isNaN()) {
                points.add(new double[] {at, y});
            }
        }
        return new Series(label, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    /** One panel per run that recorded layer statistics. */
    private void writeLayerPanels(Path file, List<StoredRun> stored) {
        String measure = metric.substring(LAYERS.length());
        if (!LayerStatistics.MEASURES.contains(measure)) {
            throw new InvalidInputException("--metric " + metric + ": layers.csv has no column " + measure + " (it has: "
                    + LayerStatistics.MEASURES.stream().map(m -> LAYERS + m).collect(Collectors.joining(", ")) + ")");
        }
        if (!x.equals("iteration")) {
            throw new InvalidInputException("--x " + x + ": layer statistics are drawn against the iteration only");
        }
        List<LayerCharts.RecordedRun> recorded = LayerCharts.recorded(stored);
        if (recorded.isEmpty()) {
            throw new InvalidInputException("--metric " + metric + ": none of these runs recorded layer statistics"
                    + " (train with training.record, e.g. --set training.record=50)");
        }
        LayerCharts.write(file, recorded, measure, log);
    }

    /** Per-step rows (metrics-steps.csv) for the step loss, or for lr against iterations; per-epoch rows otherwise. */
    private List<Map<String, Double>> rowsWith(StoredRun run, String metric, Set<String> available) {
        List<Map<String, Double>> epochs = run.rows();
        List<Map<String, Double>> steps = CsvRows.read(run.dir().resolve(RunFolder.STEPS));
        epochs.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        steps.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        if (Files.exists(run.dir().resolve(RunFolder.LAYERS))) {
            LayerStatistics.MEASURES.forEach(m -> available.add(LAYERS + m));
        }
        return perStep(metric) ? steps : epochs;
    }

    /** The step loss, and the rate against iterations, come from metrics-steps.csv. */
    private boolean perStep(String metric) {
        return metric.equals("loss") || (metric.equals("lr") && x.equals("iteration"));
    }
}
