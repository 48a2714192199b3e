package dlx.cli;

import dlx.InvalidInputException;
import dlx.report.LineChart;
import dlx.report.Series;
import dlx.run.CsvRows;
import dlx.run.RunCatalog;
import dlx.run.StoredRun;
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
        description = "Draw one metric of several runs on one chart, each run labelled by its name, or by the config"
                + " keys that differ when names repeat.",
        footer = {"", "Examples:",
                "  dlx plot runs/*lr-* --metric val_accuracy --out lr.png",
                "  dlx plot runs/20261123-120000-a runs/20261123-120500-b --metric val_loss --x seconds --out time.svg",
                "  dlx plot runs/*-lr-* --metric lr --x iteration          (the schedules)",
                "  dlx plot runs/*-lr-* --metric loss --x iteration        (the per-step training loss)"})
public final class PlotCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders, or run ids under --runs-dir.")
    List<String> runs;

    @Option(names = "--metric", defaultValue = "val_accuracy", paramLabel = "METRIC",
            description = "A column of metrics.csv (train_loss, val_accuracy, lr …) or of metrics-steps.csv (loss, lr);"
                    + " default: ${DEFAULT-VALUE}.")
    String metric;

    @Option(names = "--x", defaultValue = "epoch", paramLabel = "AXIS", description = "epoch, iteration or seconds"
            + " (default: ${DEFAULT-VALUE}).")
    String x;

    @Option(names = "--out", paramLabel = "FILE", description = "A .png or .svg file (default: METRIC.png).")
    Path out;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Default: ${DEFAULT-VALUE}.")
    Path runsDir;

    @Override
    public Integer call() {
        if (!List.of("epoch", "iteration", "seconds").contains(x)) {
            throw new InvalidInputException("--x: '" + x + "' is not one of epoch, iteration, seconds");
        }
        Path file = out != null ? out : Path.of(metric + ".png");
        if (!file.toString().endsWith(".png") && !file.toString().endsWith(".svg")) {
            throw new InvalidInputException("--out " + file + ": the file must end in .png or .svg");
        }
        List<StoredRun> stored = runs.stream().map(r -> StoredRun.read(RunsCommand.folder(r, runsDir))).toList();
        List<String> labels = labels(stored);
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
        if (series.stream().allMatch(s -> s.x().length == 0)) {
            available.removeAll(List.of("epoch", "iteration", "seconds", "samples_per_s"));
            throw new InvalidInputException("--metric " + metric + ": none of these runs has it against " + x
                    + " (they have: " + String.join(", ", available) + ")");
        }
        LineChart.write(file, metric, x, metric, series);
        System.out.println(file);
        return ExitCodes.DONE;
    }

    /** Per-step rows (metrics-steps.csv) for the step loss, or for lr against iterations; per-epoch rows otherwise. */
    private List<Map<String, Double>> rowsWith(StoredRun run, Set<String> available) {
        List<Map<String, Double>> epochs = run.rows();
        List<Map<String, Double>> steps = CsvRows.read(run.dir().resolve("metrics-steps.csv"));
        epochs.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        steps.stream().findFirst().ifPresent(r -> available.addAll(r.keySet()));
        boolean perStep = metric.equals("loss") || (metric.equals("lr") && x.equals("iteration"));
        return perStep ? steps : epochs;
    }

    /** Run names when they tell the runs apart; otherwise the config keys that differ. */
    static List<String> labels(List<StoredRun> runs) {
        List<String> names = runs.stream().map(StoredRun::name).toList();
        if (names.stream().distinct().count() == names.size()) {
            return names;
        }
        List<String> differing = RunCatalog.differingParameters(runs);
        return runs.stream().map(r -> differing.isEmpty() ? r.id() : differing.stream()
                .map(k -> k + "=" + r.parameters().getOrDefault(k, "-")).collect(Collectors.joining(", "))).toList();
    }
}
