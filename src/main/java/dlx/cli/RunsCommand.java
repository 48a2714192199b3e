package dlx.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.InvalidInputException;
import dlx.config.DidYouMean;
import dlx.config.ExperimentFile;
import dlx.config.Metric;
import dlx.config.Mode;
import dlx.console.TextTable;
import dlx.run.Csv;
import dlx.run.Json;
import dlx.run.RunCatalog;
import dlx.run.RunStatus;
import dlx.run.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlx runs list|show|compare}: what is in the runs directory, read without locking anything. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List, show and compare runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Compare.class},
        footer = {"", "Examples:", "  dlx runs list --sort val_accuracy", "  dlx runs show runs/20261123-120000-quickstart",
                "  dlx runs compare runs/20261123-120000-lr-0.1 runs/20261123-120100-lr-0.01"})
public final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"One row per run: id, name, status, epochs, best validation metric and its epoch, test score,"
                    + " duration, and one column per config key whose value differs among the listed runs, as many as"
                    + " fit the terminal (120 columns in a pipe).",
                    "--runs-dir may be a sweep's folder: its trials are listed."},
            footer = {"", "Examples:", "  dlx runs list", "  dlx runs list --sort val_accuracy --limit 5",
                    "  dlx runs list --columns name,status,val_accuracy,optimizer.type,optimizer.lr",
                    "  dlx runs list --runs-dir runs/20261123-120000-sweep-quickstart --sort val_accuracy",
                    "  dlx runs list --status completed,stopped-early --csv > runs.csv",
                    "  dlx runs list --json | jq '.[0].dir'"})
    static final class ListRuns implements Callable<Integer> {
        /** The columns every listing starts with; then the sort metric and the differing config keys. */
        private static final List<String> FIXED = List.of("id", "name", "status", "epochs", "best", "best_epoch", "test",
                "duration");
        /** Columns of words, left-aligned when they lead the table; the others align on their last digit. */
        private static final List<String> TEXT = List.of("id", "name", "status", "dir");

        @Mixin
        RunsDirOption runsDir;

        @Option(names = "--sort", paramLabel = "METRIC", converter = NamedValues.Metrics.class,
                completionCandidates = NamedValues.Metrics.class,
                description = "Best first by this metric: ${COMPLETION-CANDIDATES}; default: oldest first.")
        Metric sort;

        @Option(names = "--status", split = ",", paramLabel = "STATUS", converter = NamedValues.Statuses.class,
                completionCandidates = NamedValues.Statuses.class,
                description = "Only runs with these statuses: ${COMPLETION-CANDIDATES}.")
        List<RunStatus> statuses;

        @Option(names = "--limit", paramLabel = "N", description = "At most N runs.")
        Integer limit;

        @Option(names = "--columns", split = ",", paramLabel = "KEY",
                description = "These columns, in this order: id, name, status, epochs, best, best_epoch, test, duration,"
                        + " dir, a metric (val_accuracy, test_accuracy …) or a config key (optimizer.lr,"
                        + " model.layers …).")
        List<String> columns;

        @Option(names = "--wide", description = "Every differing config key, however wide the table.")
        boolean wide;

        @ArgGroup(exclusive = true)
        Format format = new Format();

        /** One machine-readable format at most. */
        static final class Format {
            @Option(names = "--json", description = "A JSON array on stdout.")
            boolean json;

            @Option(names = "--csv", description = "CSV on stdout, every column.")
            boolean csv;
        }

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Stream<StoredRun> selected = RunCatalog.list(runsDir.path).stream()
                    .filter(r -> statuses == null || statuses.contains(r.status()));
            if (sort != null) {
                Comparator<Double> order = sort.direction() == Mode.MAX ? Comparator.reverseOrder() : Comparator.naturalOrder();
                selected = selected.sorted(Comparator.comparing(r -> r.value(sort.toString()), Comparator.nullsLast(order)));
            }
            List<StoredRun> listed = selected.limit(limit == null ? Long.MAX_VALUE : limit).toList();
            List<String> parameters = RunCatalog.differingParameters(listed);

            if (format.json) {
                out.println(Json.MAPPER.writeValueAsString(asJson(listed, parameters)));
                return ExitCodes.DONE;
            }
            if (listed.isEmpty() && !format.csv) {
                out.println("no runs in " + runsDir.path + (statuses == null ? ""
                        : " with status " + String.join(",", statuses.stream().map(RunStatus::toString).toList())));
                return ExitCodes.DONE;
            }
            List<String> header;
            int fixed;
            if (columns != null) {
                header = checked(columns, listed);
                fixed = header.size();
            } else if (format.csv) {
                header = new ArrayList<>(FIXED);
                if (sort != null) {
                    header.add(4, sort.toString());
                }
                header.addAll(parameters);
                fixed = header.size();
            } else {
                header = compact(listed);
                fixed = header.size();
                header.addAll(parameters);
            }
            List<List<String>> rows = new ArrayList<>();
            for (StoredRun run : listed) {
                List<String> row = new ArrayList<>();
                header.forEach(column -> row.add(cell(run, column)));
                rows.add(row);
            }
            if (format.csv) {
                out.print(Csv.table(header, rows));
                return ExitCodes.DONE;
            }
            int shown = wide ? header.size() : fitting(header, rows, fixed, Terminal.width());
            int text = (int) header.stream().takeWhile(TEXT::contains).count();
            TextTable table = new TextTable(text).row(header.subList(0, shown));
            rows.forEach(r -> table.row(r.subList(0, shown)));
            out.print(table.render());
            if (shown < header.size()) {
                List<String> hidden = header.subList(shown, header.size());
                spec.commandLine().getErr().println("(" + hidden.size() + " more differing config key"
                        + (hidden.size() == 1 ? "" : "s") + " not shown: " + String.join(", ", hidden.subList(0,
                        Math.min(5, hidden.size()))) + (hidden.size() > 5 ? " …" : "")
                        + "; --columns picks columns, --wide shows them all)");
            }
            return ExitCodes.DONE;
        }

        /**
         * The table's columns before the differing keys, as narrow as they can say it: no name column when every id
         * ends in its run's name; the best and test scores' metric in the header when all the runs share it.
         */
        private List<String> compact(List<StoredRun> runs) {
            List<String> header = new ArrayList<>(List.of("id"));
            // an unreadable run's name is "?", and its id is all there is to show
            if (!runs.stream().allMatch(r -> r.id().endsWith("-" + r.name()) || r.info() == null && r.experiment() == null)) {
                header.add("name");
            }
            header.addAll(List.of("status", "epochs"));
            if (sort != null) {
                header.add(sort.toString());
            }
            // runs without a score ("-" in any case) have no say in the header
            List<Metric> best = runs.stream().map(StoredRun::bestMetric).filter(Objects::nonNull).distinct().toList();
            String shared = best.size() == 1 ? best.get(0).toString() : "best";
            if (!header.contains(shared)) {
                header.add(shared);
            }
            header.add("best_epoch");
            for (String score : List.of("accuracy", "rmse")) {
                if (runs.stream().allMatch(r -> r.test() == null || r.test().containsKey(score))) {
                    shared = "test_" + score;
                    break;
                }
                shared = "test";
            }
            if (!header.contains(shared)) {
                header.add(shared);
            }
            header.add("duration");
            return header;
        }

        /** The columns asked for, each a known column, metric or config key of these runs. */
        private static List<String> checked(List<String> asked, List<StoredRun> runs) {
            List<String> known = new ArrayList<>(FIXED);
            known.add("dir");
            Arrays.stream(Metric.values()).map(Metric::toString).forEach(known::add);
            runs.forEach(r -> r.parameters().keySet().stream().filter(k -> !known.contains(k)).forEach(known::add));
            for (String column : asked) {
                if (!known.contains(column)) {
                    throw new InvalidInputException("--columns: '" + column + "' is no column of these runs" + DidYouMean.hint(column, known)
                            + "; columns: " + String.join(", ", FIXED) + ", dir, a metric (val_accuracy, test_accuracy …)"
                            + " or a config key (optimizer.lr, model.layers …)");
                }
            }
            return List.copyOf(asked);
        }

        /** How many columns fit in {@code width}: the first {@code fixed} always, then the next while they fit. */
        static int fitting(List<String> header, List<List<String>> rows, int fixed, int width) {
            int used = -TextTable.GAP.length();
            for (int c = 0; c < header.size(); c++) {
                int column = header.get(c).length();
                for (List<String> row : rows) {
                    column = Math.max(column, row.get(c).length());
                }
                used += TextTable.GAP.length() + column;
                if (c >= fixed && used > width) {
                    return c;
                }
            }
            return header.size();
        }

        private static String cell(StoredRun run, String column) {
            Map<String, Double> best = run.bestRow();
            String metric = best == null ? null : run.bestMetric().toString();
            return switch (column) {
                case "id" -> run.id();
                case "name" -> run.name();
                case "status" -> run.status().toString();
                case "epochs" -> String.valueOf(run.epochs());
                case "best" -> best == null ? "-" : metric + " " + number(best.get(metric));
                case "best_epoch" -> best == null ? "-" : String.valueOf(best.get("epoch").intValue());
                case "test" -> testScore(run);
                case "duration" -> duration(run.duration());
                case "dir" -> run.dir().toString();
                default -> Metric.named(column).isPresent() ? number(run.value(column))
                        : run.parameters().isEmpty() ? "?" : run.parameters().getOrDefault(column, "-");
            };
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

        @Mixin
        RunsDirOption runsDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            StoredRun stored = StoredRun.read(folder(run, runsDir.path));
            TextTable table = new TextTable(2).row("run", stored.id() + "  (" + stored.dir() + ")")
                    .row("status", stored.status() + ", " + TrainCommand.epochs(stored.epochs()) + ", " + duration(stored.duration()));
            Map<String, Double> best = stored.bestRow();
            String metric = best == null ? null : stored.bestMetric().toString();
            if (best != null) {
                table.row("best", metric + " " + number(best.get(metric)) + " at epoch " + best.get("epoch").intValue());
            }
            table.row("test", testScore(stored));
            out.print(table.render());
            try (Stream<Path> files = Files.walk(stored.dir())) {
                // a list of its own, wrapped to the terminal: as one cell it made every line of the table as wide
                out.println("files:");
                out.print(wrapped(files.filter(Files::isRegularFile).map(f -> stored.dir().relativize(f).toString())
                        .sorted().toList(), "  ", Terminal.width()));
            }
            if (stored.experiment() != null) {
                out.println("config:");
                out.print(ExperimentFile.toYaml(stored.experiment()).indent(2));
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

        @Mixin
        RunsDirOption runsDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<StoredRun> stored = runs.stream().map(r -> StoredRun.read(folder(r, runsDir.path))).toList();
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
            spec.commandLine().getOut().print(table.render());
            return ExitCodes.DONE;
        }
    }

    /** A run folder given as a path, or as an id under the runs directory (a sweep's: under its trials/). */
    static Path folder(String run, Path runsDir) {
        Path given = Path.of(run);
        if (Files.isDirectory(given)) {
            return given;
        }
        Path under = RunCatalog.runsIn(runsDir).resolve(run);
        if (Files.isDirectory(under)) {
            return under;
        }
        throw new InvalidInputException(run + ": no such run folder, nor a run id in " + runsDir
                + " (dlx runs list shows them)");
    }

    /** Words separated by ", ", as many on a line as fit in {@code width}, each line starting with {@code indent}. */
    static String wrapped(List<String> words, String indent, int width) {
        StringBuilder text = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i) + (i < words.size() - 1 ? "," : "");
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                text.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(word);
        }
        return line.length() > indent.length() ? text.append(line).append('\n').toString() : text.toString();
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
