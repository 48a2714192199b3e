package dlx.data;

import dlx.config.DataConfig;
import dlx.config.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A CSV file (and optionally a test file with the same header) as examples: the label column names the
 * answer, every other column is a numeric feature.
 */
final class CsvDataset {
    private CsvDataset() {
    }

    static List<Integer> inputShape(DataConfig.Csv data, Path baseDir) {
        CsvTable header = CsvTable.readHeader(DataFile.of("data.path", data.path(), baseDir));
        return List.of(featureCount(header, data.label()));
    }

    static SourceData read(DataConfig.Csv data, Path baseDir) {
        Fingerprint fingerprint = new Fingerprint();
        CsvTable train = CsvTable.read(DataFile.of("data.path", data.path(), baseDir), fingerprint);
        int featureCount = featureCount(train, data.label());
        requireRows(train);
        CsvTable test = null;
        if (data.testPath() != null) {
            test = CsvTable.read(DataFile.of("data.test_path", data.testPath(), baseDir), fingerprint);
            if (!test.columns().equals(train.columns())) {
                throw test.file().error("line " + test.headerLine() + ": columns (" + String.join(", ", test.columns())
                        + ") differ from those of " + train.file().shown() + " ("
                        + String.join(", ", train.columns()) + ")");
            }
            requireRows(test);
        }
        int labelColumn = train.column(data.label());
        List<String> classNames = data.task() == Task.CLASSIFICATION ? classNames(labelColumn, train, test) : List.of();
        return new SourceData(split(train, labelColumn, classNames), test == null ? null
                : split(test, labelColumn, classNames), List.of(featureCount), classNames.size(), classNames,
                fingerprint.value(), false, train.columns().stream().filter(c -> !c.equals(data.label())).toList());
    }

    private static int featureCount(CsvTable table, String label) {
        table.column(label);
        if (table.columns().size() < 2) {
            throw table.file().error("line " + table.headerLine() + ": no feature columns besides '" + label + "'");
        }
        return table.columns().size() - 1;
    }

    private static void requireRows(CsvTable table) {
        if (table.rows().isEmpty()) {
            throw table.file().error("no rows after the header on line " + table.headerLine());
        }
    }

    /** The distinct labels of both files, sorted as numbers when all are numbers, else as text. */
    private static List<String> classNames(int labelColumn, CsvTable... tables) {
        List<String> labels = new ArrayList<>();
        for (CsvTable table : tables) {
            if (table == null) {
                continue;
            }
            for (CsvTable.Row row : table.rows()) {
                String label = row.cells()[labelColumn];
                if (label.isEmpty()) {
                    throw table.error(row, labelColumn, "empty label");
                }
                labels.add(label);
            }
        }
        Comparator<String> order = labels.stream().allMatch(CsvTable::isNumber)
                ? Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order);
        distinct.addAll(labels);
        return List.copyOf(distinct);
    }

    /** Classification when there are class names, regression (a numeric label) when there are none. */
    private static Split split(CsvTable table, int labelColumn, List<String> classNames) {
        int rows = table.rows().size();
        int featureCount = table.columns().size() - 1;
        float[] features = new float[rows * featureCount];
        int[] labels = classNames.isEmpty() ? null : new int[rows];
        float[] targets = classNames.isEmpty() ? new float[rows] : null;
        Map<String, Integer> classIndex = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            classIndex.put(classNames.get(c), c);
        }
        for (int r = 0; r < rows; r++) {
            CsvTable.Row row = table.rows().get(r);
            int at = r * featureCount;
            for (int column = 0; column < table.columns().size(); column++) {
                if (column != labelColumn) {
                    features[at++] = table.number(row, column);
                }
            }
            if (labels != null) {
                labels[r] = classIndex.get(row.cells()[labelColumn]);
            } else {
                targets[r] = table.number(row, labelColumn);
            }
        }
        return new Split(features, rows, featureCount, labels, targets);
    }
}
