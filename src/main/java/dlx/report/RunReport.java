package dlx.report;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.run.Json;
import dlx.run.RecordedLayer;
import dlx.run.RunCatalog;
import dlx.run.RunFolder;
import dlx.run.StoredRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * report.html: one self-contained page per run (config, status and summary, curves, the latest
 * evaluation's confusion matrix) and one page comparing several runs.
 */
public final class RunReport {
    private RunReport() {
    }

    /** Writes the run's report.html from what its folder holds now. */
    public static void write(Path runDir) {
        StoredRun run = StoredRun.read(runDir);
        HtmlPage page = new HtmlPage(run.id()).heading(run.id(), run.status().toString());
        page.section("summary").table(summaryRows(run));
        List<byte[]> charts = new ArrayList<>();
        chart(List.of(run), "loss", "train_loss", "val_loss").ifPresent(charts::add);
        chart(List.of(run), "accuracy", "train_accuracy", "val_accuracy").ifPresent(charts::add);
        chart(List.of(run), "validation errors", "val_mae", "val_rmse").ifPresent(charts::add);
        chart(List.of(run), "learning rate", "lr").ifPresent(charts::add);
        if (!charts.isEmpty()) {
            page.section("curves").charts(charts);
        }
        List<RecordedLayer> layers = RecordedLayer.read(runDir);
        if (!layers.isEmpty()) {
            var record = run.experiment() == null ? null : run.experiment().training().record();
            page.section("layer statistics").paragraph("One line per layer, recorded every "
                    + (record == null ? "N" : record.every()) + " iterations (training.record); layers.csv holds"
                    + " the numbers, and docs/config.md explains them.").charts(LayerCharts.pngs(layers));
        }
        latestEval(runDir).ifPresent(eval -> evaluation(page, eval));
        if (run.experiment() != null) {
            page.section("config").preformatted(dlx.config.ExperimentFile.toYaml(run.experiment()));
        }
        save(runDir.resolve(RunFolder.REPORT), page);
    }

    /** One page comparing runs: their differing parameters and scores, and each metric overlaid. */
    public static void compare(List<Path> runDirs, Path out) {
        List<StoredRun> runs = runDirs.stream().map(StoredRun::read).toList();
        HtmlPage page = new HtmlPage("dlx: " + runs.size() + " runs").heading("Comparing " + runs.size() + " runs", null);
        List<String> parameters = RunCatalog.differingParameters(runs);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("run", "status", "epochs", "best", "test"));
        header.addAll(parameters);
        rows.add(header);
        for (StoredRun run : runs) {
            List<String> row = new ArrayList<>(List.of(run.id(), run.status().toString(), String.valueOf(run.epochs()), best(run), test(run)));
            parameters.forEach(p -> row.add(run.parameters().getOrDefault(p, "-")));
            rows.add(row);
        }
        page.section("runs").table(rows);
        List<byte[]> charts = new ArrayList<>();
        for (String metric : List.of("val_accuracy", "val_loss", "train_loss", "train_accuracy", "val_rmse", "lr")) {
            chart(runs, metric, metric).ifPresent(charts::add);
        }
        page.section("curves").charts(charts);
        List<LayerCharts.RecordedRun> recorded = LayerCharts.recorded(runs);
        if (!recorded.isEmpty()) {
            page.section("layer statistics: gradient norms").charts(List.of(LayerCharts.png(recorded, "grad_norm", true)));
        }
        save(out, page);
    }

    private static List<List<String>> summaryRows(StoredRun run) {
        List<List<String>> rows = new ArrayList<>(List.of(List.of("", "")));
        rows.add(List.of("name", run.name()));
        rows.add(List.of("epochs", String.valueOf(run.epochs())));
        rows.add(List.of("best", best(run)));
        rows.add(List.of("test", test(run)));
        if (run.info() != null) {
            var info = run.info();
            rows.add(List.of("started", String.valueOf(info.started())));
            rows.add(List.of("ended", String.valueOf(info.ended())));
            rows.add(List.of("parameters", info.parameters() == null ? "-" : String.format(Locale.ROOT, "%,d", info.parameters())));
            rows.add(List.of("backend", info.backend() + ", " + info.device() + ", " + info.threads() + " threads"));
            rows.add(List.of("seed", String.valueOf(info.seed())));
            rows.add(List.of("data", String.valueOf(info.datasetFingerprint())));
            rows.add(List.of("command", String.join(" ", info.command() == null ? List.of() : info.command())));
            if (info.message() != null) {
                rows.add(List.of("message", info.message()));
            }
        }
        return rows;
    }

    private static String best(StoredRun run) {
        Map<String, Double> row = run.bestRow();
        String metric = row == null ? null : run.bestMetric().toString();
        return row == null ? "-" : String.format(Locale.ROOT, "%s %.4f at epoch %d", metric, row.get(metric),
                row.get("epoch").intValue());
    }

    private static String test(StoredRun run) {
        if (run.test() == null) {
            return "-";
        }
        return String.join(", ", run.test().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue())).toList());
    }

    /**
     * The metrics over epochs, one series per (run, metric) that has values, each run labelled by
     * its name or, when names repeat, by what differs; empty if none has.
     */
    private static java.util.Optional<byte[]> chart(List<StoredRun> runs, String title, String... metrics) {
        List<Series> series = new ArrayList<>();
        List<String> labels = RunCatalog.labels(runs);
        for (int i = 0; i < runs.size(); i++) {
            for (String metric : metrics) {
                List<Map<String, Double>> rows = runs.get(i).rows().stream()
                        .filter(r -> r.get(metric) != null && !r.get(metric).isNaN()).toList();
                if (!rows.isEmpty()) {
                    String label = runs.size() == 1 ? metric : labels.get(i) + (metrics.length > 1 ? " " + metric : "");
                    series.add(new Series(label, rows.stream().mapToDouble(r -> r.get("epoch")).toArray(),
                            rows.stream().mapToDouble(r -> r.get(metric)).toArray()));
                }
            }
        }
        return series.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(LineChart.png(title, "epoch", title, series));
    }

    private static java.util.Optional<JsonNode> latestEval(Path runDir) {
        try (Stream<Path> files = Files.list(runDir)) {
            Path newest = files.filter(f -> RunFolder.isEvaluation(f.getFileName().toString()))
                    .max(Comparator.comparing(f -> f.toFile().lastModified())).orElse(null);
            return newest == null ? java.util.Optional.empty() : java.util.Optional.of(Json.MAPPER.readTree(newest.toFile()));
        } catch (IOException | RuntimeException unreadable) {
            return java.util.Optional.empty();
        }
    }

    private static void evaluation(HtmlPage page, JsonNode eval) {
        page.section("evaluation: " + eval.path("split").asText() + " split, " + eval.path("examples").asInt()
                + " examples (" + eval.path("checkpoint").asText() + ")");
        JsonNode c = eval.path("classification");
        if (!c.isMissingNode()) {
            page.paragraph(String.format(Locale.ROOT, "accuracy %.4f, macro F1 %.4f", c.path("accuracy").asDouble(),
                    c.path("macro_f1").asDouble()));
            List<String> names = new ArrayList<>();
            c.path("class_names").forEach(n -> names.add(n.asText()));
            int[][] counts = new int[names.size()][names.size()];
            for (int i = 0; i < names.size(); i++) {
                for (int j = 0; j < names.size(); j++) {
                    counts[i][j] = c.path("confusion").path(i).path(j).asInt();
                }
            }
            page.heatmap(names, counts);
            List<List<String>> rows = new ArrayList<>(List.of(List.of("class", "precision", "recall", "f1", "support")));
            c.path("per_class").forEach(k -> rows.add(List.of(k.path("name").asText(),
                    String.format(Locale.ROOT, "%.4f", k.path("precision").asDouble()),
                    String.format(Locale.ROOT, "%.4f", k.path("recall").asDouble()),
                    String.format(Locale.ROOT, "%.4f", k.path("f1").asDouble()), k.path("support").asText())));
            page.table(rows);
        }
        JsonNode r = eval.path("regression");
        if (!r.isMissingNode()) {
            page.table(List.of(List.of("mse", "mae", "rmse", "r2"), List.of(r.path("mse").asText(), r.path("mae").asText(),
                    r.path("rmse").asText(), r.path("r2").asText())));
        }
    }

    private static void save(Path file, HtmlPage page) {
        RunFolder.writeAtomically(file, out -> out.write(page.render().getBytes(StandardCharsets.UTF_8)));
    }
}
