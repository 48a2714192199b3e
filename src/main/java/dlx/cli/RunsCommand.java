package dlx.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.InvalidInputException;
import dlx.config.ExperimentFile;
import dlx.config.Metric;
import dlx.config.Mode;
import dlx.console.TextTable;
import dlx.run.Csv;
import dlx.run.Json;
import dlx.run.RunCatalog;
import dlx.run.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlx runs list|show|compare}: what is in the runs directory, read without locking anything. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List, show and compare runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Compare.class},
        footer = {"", "Examples:", "  dlx runs list --sort val_accuracy", "  dlx runs show runs/20261123-120000-quickstart",
                "  dlx runs compare runs/20261123-120000-lr-0.1 runs/20261123-120100-lr-0.01"})
public final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One row per run: id, name, status, epochs, best validation metric and its epoch, test score,"
                    + " duration, and one column per config key whose value differs among the listed runs.",
            footer = {"", "Examples:", "  dlx runs list", "  dlx runs list --sort val_accuracy --limit 5",
                    "  dlx runs list --status completed,stopped-early --csv > runs.csv",
                    "  dlx runs list --json | jq '.[0].dir'"})
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Default: ${DEFAULT-VALUE}.")
        Path runsDir;

        @Option(names = "--sort", paramLabel = "METRIC",
                description = "Best first by this metric (val_accuracy, val_loss, train_loss …, or test_accuracy, test_rmse …);"
                        + " default: oldest first.")
        String sort;

        @Option(names = "--status", split = ",", paramLabel = "STATUS",
                description = "Only runs with these statuses: running, completed, stopped-early, interrupted, diverged,"
                        + " failed, crashed.")
        List<String> statuses;

        @Option(names = "--limit", paramLabel = "N", description = "At most N runs.")
        Integer limit;

        @Option(names = "--json", description = "A JSON array on stdout.")
        boolean json;

        @Option(names = "--csv", description = "CSV on stdout.")
        boolean csv;

        @Override
        public Integer call() throws IOException {
            Stream<StoredRun> selected = RunCatalog.list(runsDir).stream()
                    .filter(r -> statuses == null || statuses.contains(r.status().toString()));
            if (sort != null) {
                boolean max = Metric.named(sort).map(Metric::direction).orElse(Mode.MIN) == Mode.MAX;
                Comparator<Double> order = max ? Comparator.reverseOrder() : Comparator.naturalOrder();
                selected = selected.sorted(Comparator.comparing(r -> r.value(sort), Comparator.nullsLast(order)));
            }
            List<StoredRun> runs = selected.limit(limit == null ? Long.MAX_VALUE : limit).toList();
            List<String> parameters = RunCatalog.differingParameters(runs);

            List<String> header = new ArrayList<>(List.of("id", "name", "status", "epochs", "best", "best_epoch", "test",
                    "duration"));
            if (sort != null && !header.contains(sort)) {
                header.add(4, sort);
            }
            header.addAll(parameters);
            List<List<String>> rows = new ArrayList<>();
            for (StoredRun run : runs) {
                rows.add(row(run, parameters, sort));
            }
            if (json) {
                System.out.println(Json.MAPPER.writeValueAsString(asJson(runs, parameters)));
            } else if (csv) {
                System.out.print(Csv.table(header, rows));
            } else if (runs.isEmpty()) {
                System.out.println("no runs in " + runsDir + (statuses == null ? "" : " with status " + String.join(",", statuses)));
            } else {
                TextTable table = new TextTable(3).row(header);
                rows.forEach(table::row);
                System.out.print(table.render());
            }
            return ExitCodes.DONE;
        }

        private static List<String> row(StoredRun run, List<String> parameters, String sort) {
            Map<String, Double> best = run.bestRow();
            String metric = best == null ? null : run.bestMetric().toString();
            List<String> cells = new ArrayList<>(List.of(run.id(), run.name(), run.status().toString(), String.valueOf(run.epochs()),
                    best == null ? "-" : metric + " " + number(best.get(metric)),
                    best == null ? "-" : String.valueOf(best.get("epoch").intValue()), testScore(run),
                    duration(run.duration())));
            if (sort != null && !List.of("best", "best_epoch", "test").contains(sort)) {
                Double value = run.value(sort);
                cells.add(4, value == null ? "-" : number(value));
            }
            Map<String, String> values = run.parameters();
            parameters.forEach(p -> cells.add(values.isEmpty() ? "?" : values.getOrDefault(p, "-")));
            return cells;
        }

        private static ArrayNode asJson(List<StoredRun> runs, List<String> parameters) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (StoredRun run : runs) {
                ObjectNode o = array.addObject();
                o.put("id", run.id()).put("name", run.name()).put("status", run.status().toString()).put("epochs", run.epochs())
                        .put("dir", run.dir().toString());
                Map<String, Double> best = run.bestRow();
                String metric = best == null ? null : run.bestMetric().toString();
                if (best != null) {
                    o.put("best_metric", metric).put("best_value", best.get(metric)).put("best_epoch", best.get("epoch").intValue());
                }
                if (run.test() != null) {
                    o.set("test", Json.MAPPER.valueToTree(run.test()));
                }
                if (run.duration() != null) {
                    o.put("seconds", run.duration().toSeconds());
                }
                ObjectNode differing = o.putObject("parameters");
                parameters.forEach(p -> differing.put(p, run.parameters().get(p)));
            }
            return array;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One run: status, best and test scores, its files, and its resolved config.",
            footer = {"", "Examples:", "  dlx runs show runs/20261123-120000-quickstart", "  dlx runs show 20261123-120000-quickstart"})
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "RUN", description = "A run folder, or a run id under --runs-dir.")
        String run;

        @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Default: ${DEFAULT-VALUE}.")
        Path runsDir;

        @Override
        public Integer call() throws IOException {
            StoredRun stored = StoredRun.read(folder(run, runsDir));
            TextTable table = new TextTable().row("run", stored.id() + "  (" + stored.dir() + ")")
                    .row("status", stored.status() + ", " + stored.epochs() + " epochs, " + duration(stored.duration()));
            Map<String, Double> best = stored.bestRow();
            String metric = best == null ? null : stored.bestMetric().toString();
            if (best != null) {
                table.row("best", metric + " " + number(best.get(metric)) + " at epoch " + best.get("epoch").intValue());
            }
            table.row("test", testScore(stored));
            try (Stream<Path> files = Files.walk(stored.dir())) {
                table.row("files", String.join(", ", files.filter(Files::isRegularFile)
                        .map(f -> stored.dir().relativize(f).toString()).sorted().toList()));
            }
            System.out.print(table.render().replaceAll("(?m)^(\\S+)(\\s+)", "$1$2"));
            if (stored.experiment() != null) {
                System.out.println("\nconfig:");
                System.out.print(ExperimentFile.toYaml(stored.experiment()).indent(2));
            }
            return ExitCodes.DONE;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Runs side by side: the config keys whose values differ, then their best and test scores.",
            footer = {"", "Examples:", "  dlx runs compare runs/20261123-120000-lr-0.1 runs/20261123-120100-lr-0.01"})
    static final class Compare implements Callable<Integer> {
        @Parameters(arity = "2..*", paramLabel = "RUN", description = "Run folders, or run ids under --runs-dir.")
        List<String> runs;

        @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Default: ${DEFAULT-VALUE}.")
        Path runsDir;

        @Override
        public Integer call() {
            List<StoredRun> stored = runs.stream().map(r -> StoredRun.read(folder(r, runsDir))).toList();
            List<String> header = new ArrayList<>(List.of(""));
            stored.forEach(r -> header.add(r.name()));
            TextTable table = new TextTable().row(header);
            for (String parameter : RunCatalog.differingParameters(stored)) {
                List<String> row = new ArrayList<>(List.of(parameter));
                stored.forEach(r -> row.add(r.parameters().getOrDefault(parameter, "-")));
                table.row(row);
            }
            List<String> metrics = new ArrayList<>();
            stored.forEach(r -> r.rows().stream().findFirst().ifPresent(row -> row.keySet().stream()
                    .filter(k -> k.startsWith("train_") || k.startsWith("val_")).filter(k -> !metrics.contains(k))
                    .forEach(metrics::add)));
            for (String metric : metrics) {
                List<String> row = new ArrayList<>(List.of("best " + metric));
                stored.forEach(r -> {
                    Double value = r.value(metric);
                    row.add(value == null ? "-" : number(value));
                });
                table.row(row);
            }
            List<String> test = new ArrayList<>(List.of("test"));
            stored.forEach(r -> test.add(testScore(r)));
            table.row(test);
            System.out.print(table.render());
            return ExitCodes.DONE;
        }
    }

    static Path folder(String run, Path runsDir) {
        Path given = Path.of(run);
        if (Files.isDirectory(given)) {
            return given;
        }
        if (Files.isDirectory(runsDir.resolve(run))) {
            return runsDir.resolve(run);
        }
        throw new InvalidInputException(run + ": no such run folder, nor a run id in " + runsDir
                + " (dlx runs list shows them)");
    }

    private static String testScore(StoredRun run) {
        if (run.test() == null) {
            return "-";
        }
        Double accuracy = run.test().get("accuracy");
        return accuracy != null ? "accuracy " + number(accuracy) : "rmse " + number(run.test().get("rmse"));
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s"
                : (s / 3600) + "h" + String.format("%02d", s % 3600 / 60) + "m";
    }
}
