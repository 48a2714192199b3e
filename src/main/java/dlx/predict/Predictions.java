package dlx.predict;

import dlx.console.TextTable;
import dlx.run.Csv;
import dlx.run.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One prediction per input, as dlx predict writes them: CSV (one row each), JSON, or a short table for a terminal.
 * The columns: {@code input} (the input's name), the input's pass-through columns, {@code predicted}, then for
 * classification {@code probability} (a network whose output is not a probability: {@code score}) and, for
 * {@code --top K}, {@code top2}, {@code top2_probability} … up to K; a model that labels every step gives the steps'
 * classes joined and {@code least_step_probability}; when the inputs carry answers, {@code label} and {@code correct}
 * (regression: {@code error}, predicted minus label).
 *
 * @param probabilities whether the network's outputs are probabilities (softmax or sigmoid output)
 * @param notes         what the user should know about how the inputs were read
 */
public record Predictions(String checkpoint, Kind kind, List<String> passThrough, int top, boolean probabilities,
                          List<Prediction> rows, List<String> notes) {
    /** Rows a terminal table shows; the rest are counted. */
    public static final int TABLE_ROWS = 40;
    private static final Set<String> OUTPUT_COLUMNS = Set.of("input", "predicted", "probability", "score",
            "least_step_probability", "top", "steps", "label", "error", "correct");
    private static final Pattern TOP_COLUMN = Pattern.compile("top\\d+(_probability|_score)?");

    public enum Kind { CLASSIFICATION, REGRESSION }

    /** A pass-through column named like one of the columns predict writes is renamed input_NAME, with a note. */
    public Predictions {
        List<String> renamed = new ArrayList<>();
        List<String> added = new ArrayList<>(notes);
        for (String name : passThrough) {
            String unique = name;
            while (OUTPUT_COLUMNS.contains(unique) || TOP_COLUMN.matcher(unique).matches() || renamed.contains(unique)
                    || !unique.equals(name) && passThrough.contains(unique)) {
                unique = "input_" + unique;
            }
            if (!unique.equals(name)) {
                added.add("the input's column \"" + name + "\" is written as \"" + unique + "\": predict writes a column \""
                        + name + "\" of its own");
            }
            renamed.add(unique);
        }
        passThrough = List.copyOf(renamed);
        notes = List.copyOf(added);
    }

    private boolean perStep() {
        return rows.stream().anyMatch(r -> !r.steps().isEmpty());
    }

    private boolean labelled() {
        return rows.stream().anyMatch(r -> r.label() != null);
    }

    private String probabilityColumn() {
        return perStep() ? "least_step_probability" : probabilities ? "probability" : "score";
    }

    /** One row's cells by column; {@code flat} spreads the top classes over columns (CSV) instead of a list (JSON). */
    private Map<String, Object> cells(Prediction row, boolean flat) {
        Map<String, Object> cells = new LinkedHashMap<>();
        cells.put("input", row.name());
        for (int c = 0; c < passThrough.size(); c++) {
            cells.put(passThrough.get(c), row.passValues().get(c));
        }
        if (kind == Kind.REGRESSION) {
            cells.put("predicted", Double.parseDouble(row.predicted()));
        } else {
            cells.put("predicted", row.predicted());
            cells.put(probabilityColumn(), row.probability());
        }
        if (flat) {
            for (int k = 1; k < top; k++) {
                cells.put("top" + (k + 1), row.top().get(k).name());
                cells.put("top" + (k + 1) + "_" + (probabilities ? "probability" : "score"), row.top().get(k).probability());
            }
        } else if (top > 1) {
            cells.put("top", row.top().stream().map(Predictions::classAndProbability).toList());
        }
        if (!flat && !row.steps().isEmpty()) {
            cells.put("steps", row.steps().stream().map(Predictions::classAndProbability).toList());
        }
        if (labelled()) {
            cells.put("label", row.label());
            if (kind == Kind.REGRESSION) {
                cells.put("error", row.label() == null ? null
                        : Double.parseDouble(row.predicted()) - Double.parseDouble(row.label()));
            } else {
                cells.put("correct", row.correct());
            }
        }
        return cells;
    }

    private static Map<String, Object> classAndProbability(Prediction.ClassProbability c) {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("class", c.name());
        pair.put("probability", c.probability());
        return pair;
    }

    /** CSV in dlx's one dialect ({@link Csv}), a header row first. */
    public String csv() {
        List<Map<String, Object>> cells = rows.stream().map(r -> cells(r, true)).toList();
        return cells.isEmpty() ? "" : Csv.table(List.copyOf(cells.get(0).keySet()),
                cells.stream().map(c -> new ArrayList<>(c.values())).toList());
    }

    public String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("checkpoint", checkpoint);
        document.put("notes", notes);
        if (summaryNumbers() != null) {
            document.put("summary", summaryNumbers());
        }
        document.put("predictions", rows.stream().map(r -> cells(r, false)).toList());
        return Json.text(document);
    }

    /** The first {@link #TABLE_ROWS} rows as aligned columns, and how many more there are. */
    public String table() {
        TextTable table = new TextTable(1 + passThrough.size() + 1);
        List<String> header = null;
        for (Prediction row : rows.subList(0, Math.min(rows.size(), TABLE_ROWS))) {
            Map<String, Object> cells = cells(row, true);
            if (header == null) {
                header = new ArrayList<>(cells.keySet());
                table.row(header);
            }
            table.row(cells.values().stream().map(Predictions::shown).toList());
        }
        String more = rows.size() > TABLE_ROWS ? String.format(Locale.ROOT, "… %,d more rows; --output FILE writes them"
                + " all%n", rows.size() - TABLE_ROWS) : "";
        return table.render() + more;
    }

    private static String shown(Object value) {
        return value == null ? "" : value instanceof Number n && !(value instanceof Long)
                ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : value.toString();
    }

    /** How the predictions compare with the inputs' own answers, or null when they have none. */
    public String summary() {
        Map<String, Object> numbers = summaryNumbers();
        if (numbers == null) {
            return null;
        }
        long labelled = (long) numbers.get("labelled");
        return kind == Kind.CLASSIFICATION
                ? String.format(Locale.ROOT, "accuracy %.4f: %,d of %,d labelled inputs predicted right",
                numbers.get("accuracy"), numbers.get("correct"), labelled)
                : String.format(Locale.ROOT, "mae %.4f, rmse %.4f on %,d labelled inputs", numbers.get("mae"),
                numbers.get("rmse"), labelled);
    }

    private Map<String, Object> summaryNumbers() {
        List<Prediction> labelled = rows.stream().filter(r -> r.label() != null).toList();
        if (labelled.isEmpty()) {
            return null;
        }
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("labelled", (long) labelled.size());
        if (kind == Kind.CLASSIFICATION) {
            long correct = labelled.stream().filter(Prediction::correct).count();
            numbers.put("correct", correct);
            numbers.put("accuracy", (double) correct / labelled.size());
        } else {
            double absolute = 0;
            double squared = 0;
            for (Prediction r : labelled) {
                double error = Double.parseDouble(r.predicted()) - Double.parseDouble(r.label());
                absolute += Math.abs(error);
                squared += error * error;
            }
            numbers.put("mae", absolute / labelled.size());
            numbers.put("rmse", Math.sqrt(squared / labelled.size()));
        }
        return numbers;
    }
}
