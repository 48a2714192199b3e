package dlx.cli;

import dlx.InvalidInputException;
import dlx.report.LayerCharts;
import dlx.report.LineChart;
import dlx.report.PanelChart;
import dlx.report.RunCurves;
import dlx.report.RunCurves.Axis;
import dlx.report.Series;
import dlx.run.RunFolder;
import dlx.run.RunCatalog;
import dlx.run.StoredRun;
import dlx.train.LayerStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    static final class Axes extends NamedValues<Axis> {
        Axes() {
            super(Axis.class);
        }
    }

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

    @Option(names = "--x", paramLabel = "AXIS", converter = Axes.class, completionCandidates = Axes.class,
            description = "epoch, iteration or seconds (default: epoch; iteration for layers.* metrics, which have no"
                    + " other).")
    Axis x;

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
        x = x != null ? x : layers ? Axis.ITERATION : Axis.EPOCH;
        Path file = out != null ? out : Path.of(metric + ".png");
        PictureFile.require(file, ".png", ".svg");
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
                ofRun.add(RunCurves.of(stored.get(i), m, x, metrics.size() > 1 ? m : labels.get(i), available));
            }
            perRun.add(ofRun);
        }
        if (stored.stream().anyMatch(r -> Files.exists(r.dir().resolve(RunFolder.LAYERS)))) {
            LayerStatistics.MEASURES.forEach(m -> available.add(LAYERS + m));
        }
        for (int m = 0; m < metrics.size(); m++) {
            int index = m;
            RunCurves.requirePoints(metrics.get(m), x, stored, perRun.stream().map(r -> r.get(index)).toList(), available);
        }
        String panelBy = panels != null ? panels : metrics.size() > 1 || marks ? "run" : null;
        if (panelBy == null) {
            LineChart.write(file, metric, x.toString(), metric, perRun.stream().map(r -> r.get(0)).toList(), log);
        } else {
            if (marks && !panelBy.equals("run")) {
                throw new InvalidInputException("--marks: marks need a panel per run (--panels run), not per " + panelBy);
            }
            PanelChart.write(file, String.join(" and ", metrics), x.toString(), metrics.size() > 1 ? "" : metric,
                    panelBy.equals("run") ? RunCurves.perRun(stored, labels, perRun, marks, x)
                            : RunCurves.perValue(panelBy, stored, labels, perRun), log);
        }
        spec.commandLine().getOut().println(file);
        return ExitCodes.DONE;
    }

    /** One panel per run that recorded layer statistics. */
    private void writeLayerPanels(Path file, List<StoredRun> stored) {
        String measure = metric.substring(LAYERS.length());
        if (!LayerStatistics.MEASURES.contains(measure)) {
            throw new InvalidInputException("--metric " + metric + ": layers.csv has no column " + measure + " (it has: "
                    + LayerStatistics.MEASURES.stream().map(m -> LAYERS + m).collect(Collectors.joining(", ")) + ")");
        }
        if (x != Axis.ITERATION) {
            throw new InvalidInputException("--x " + x + ": layer statistics are drawn against the iteration only");
        }
        List<LayerCharts.RecordedRun> recorded = LayerCharts.recorded(stored);
        if (recorded.isEmpty()) {
            throw new InvalidInputException("--metric " + metric + ": none of these runs recorded layer statistics"
                    + " (train with training.record, e.g. --set training.record=50)");
        }
        LayerCharts.write(file, recorded, measure, log);
    }
}
