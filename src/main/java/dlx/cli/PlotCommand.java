package dlx.cli;

import dlx.InvalidInputException;
import dlx.report.LayerCharts;
import dlx.report.LineChart;
import dlx.report.Series;
import dlx.run.CsvRows;
import dlx.run.RunFolder;
import dlx.run.RunCatalog;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw one metric of several runs on one chart, each run labelled by its name, or by the config"
                + " keys that differ when names repeat.",
                "A layers.* metric (a column of layers.csv, recorded with training.record) draws one line per layer"
                        + " against the iteration, one panel per run, the panels sharing their y range."},
        footer = {"", "Examples:",
                "  dlx plot runs/*lr-* --metric val_accuracy --out lr.png",
                "  dlx plot runs/20261123-120000-a runs/20261123-120500-b --metric val_loss --x seconds --out time.svg",
                "  dlx plot runs/*-lr-* --metric lr --x iteration          (the schedules)",
                "  dlx plot runs/*-lr-* --metric loss --x iteration --log  (the step loss)",
                "  dlx plot runs/*-sigmoid runs/*-relu --metric layers.grad_norm --log",
                "", "Layer metrics: layers.act_mean, layers.act_std, layers.saturated, layers.dead, layers.grad_norm,"
                + " layers.update_ratio (see docs/config.md)."})
public final class PlotCommand implements Callable<Integer> {
    private static final String LAYERS = "layers.";

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders, or run ids under --runs-dir.")
    List<String> runs;

    @Option(names = "--metric", defaultValue = "val_accuracy", paramLabel = "METRIC",
            description = "A column of metrics.csv (train_loss, val_accuracy, lr …), of metrics-steps.csv (loss, lr)"
                    + " or of layers.csv (layers.grad_norm …); default: ${DEFAULT-VALUE}.")
    String metric;

    @Option(names = "--x", paramLabel = "AXIS", description = "epoch, iteration or seconds (default: epoch; iteration"
            + " for layers.* metrics, which have no other).")
    String x;

    @Option(names = "--log", description = "A logarithmic y axis; points at or below 0 are left out.")
    boolean log;

    @Option(names = "--out", paramLabel = "FILE", description = "A .png or .svg file (default: METRIC.png).")
    Path out;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Default: ${DEFAULT-VALUE}.")
    Path runsDir;

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
        List<StoredRun> stored = runs.stream().map(r -> StoredRun.read(RunsCommand.folder(r, runsDir))).toList();
        if (layers) {
            writeLayerPanels(file, stored);
            System.out.println(file);
            return ExitCodes.DONE;
        }
        List<String> labels = RunCatalog.labels(stored);
        List<Series> series = new ArrayList<>();
        Set<String> available = new LinkedHashSet<>();
        for (int i = 0; i < stored.size(); i++) {
            List<Map<String, Double>> rows = rowsWith(stored.get(i), available);
            double seconds = 0;
            List<double[]> points = new ArrayList<>();
            for (Map<String, Double> row : rows) {
                seconds += row.getOrDefault("seconds", 0.0);
                Double y = row.get(metric);
                Double at = x.equals("seconds") ? Double.valueOf(seconds) : row.get(x);
                if (y != null && at != null && !y.isNaN()) {
                    points.add(new double[] {at, y});
                }
            }
            series.add(new Series(labels.get(i), points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        if (series.stream().allMatch(s -> s.x().length == 0) && perStep()) {
            StoredRun first = stored.get(0);
            String every = first.experiment() == null ? "" : " (" + first.experiment().training().logEvery() + " in "
                    + first.id() + ")";
            throw new InvalidInputException("--metric " + metric + " --x " + x + ": these runs' metrics-steps.csv"
                    + " has no rows; it records the loss every training.log_every iterations" + every
                    + " and at each epoch's end (an earlier dlx: only every log_every): train with a smaller log_every"
                    + " (--set training.log_every=10) or plot against --x epoch");
        }
        if (series.stream().allMatch(s -> s.x().length == 0)) {
            available.removeAll(List.of("epoch", "iteration", "seconds", "samples_per_s"));
            throw new InvalidInputException("--metric " + metric + ": none of these runs has it against " + x
                    + " (they have: " + String.join(", ", available) + ")");
        }
        LineChart.write(file, metric, x, metric, series, log);
        System.out.println(file);
        return ExitCodes.DONE;
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
    private List<Map<String, Double>> rowsWith(StoredRun run, Set<String> available) {
        List<Map<String, Double>> epochs = run.rows();
        List<Map<String, Double>> steps = CsvRows.read(run.dir().resolve(RunFolder.STEPS));
        epochs.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        steps.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        if (Files.exists(run.dir().resolve(RunFolder.LAYERS))) {
            LayerStatistics.MEASURES.forEach(m -> available.add(LAYERS + m));
        }
        return perStep() ? steps : epochs;
    }

    /** The step loss, and the rate against iterations, come from metrics-steps.csv. */
    private boolean perStep() {
        return metric.equals("loss") || (metric.equals("lr") && x.equals("iteration"));
    }
}
