package dlx.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file of new rows for a run trained on a CSV file: its feature columns are found by name, in any order; a
 * column named as the training label gives each row's answer; every other column is passed through (an id, a note).
 */
final class CsvInputs {
    private CsvInputs() {
    }

    static InputExamples read(DataFile file, Preprocessing preprocessing) {
        CsvTable table = CsvTable.read(file, new Fingerprint());
        List<String> features = preprocessing.featureColumns();
        List<String> missing = features.stream().filter(c -> !table.columns().contains(c)).toList();
        List<String> others = table.columns().stream()
                .filter(c -> !features.contains(c) && !c.equals(preprocessing.labelColumn())).toList();
        if (!missing.isEmpty()) {
            throw file.error("line " + table.headerLine() + ": no column" + (missing.size() == 1 ? " " : "s ")
                    + quoted(missing) + "; the network reads " + quoted(features)
                    + (others.isEmpty() ? "" : " (this file's other columns " + quoted(others) + " would be passed"
                    + " through)"));
        }
        if (table.rows().isEmpty()) {
            throw file.error("no rows after the header on line " + table.headerLine());
        }
        int[] featureAt = features.stream().mapToInt(table::column).toArray();
        int[] otherAt = others.stream().mapToInt(table::column).toArray();
        int labelAt = table.columns().indexOf(preprocessing.labelColumn());
        int rows = table.rows().size();
        float[] values = new float[rows * featureAt.length];
        List<String> names = new ArrayList<>();
        List<List<String>> passed = new ArrayList<>();
        List<String> labels = labelAt < 0 ? null : new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            CsvTable.Row row = table.rows().get(r);
            for (int f = 0; f < featureAt.length; f++) {
                values[r * featureAt.length + f] = table.number(row, featureAt[f]);
            }
            names.add("line " + row.line());
            List<String> cells = new ArrayList<>();
            for (int at : otherAt) {
                cells.add(row.cells()[at]);
            }
            passed.add(cells);
            if (labels != null) { // a regression's answers are numbers, checked as the features are
                labels.add(preprocessing.classNames().isEmpty() ? String.valueOf(table.number(row, labelAt))
                        : row.cells()[labelAt]);
            }
        }
        return new InputExamples(names, values, featureAt.length, others, passed, labels, List.of());
    }

    private static String quoted(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "'" + c + "'").toList());
    }
}
