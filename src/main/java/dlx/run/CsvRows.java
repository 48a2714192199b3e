package dlx.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and trims the run folder's CSV files (metrics.csv, metrics-steps.csv, layers.csv), whose first column counts up. */
public final class CsvRows {
    private CsvRows() {
    }

    /** Every row as column name → value; an empty list when the file does not exist yet. Text cells are left out. */
    public static List<Map<String, Double>> read(Path file) {
        return cells(file).stream().map(CsvRows::numbers).toList();
    }

    /** A row's numeric cells; text cells such as layers.csv's type are labels, not measurements. */
    public static Map<String, Double> numbers(Map<String, String> cells) {
        Map<String, Double> row = new LinkedHashMap<>();
        cells.forEach((column, cell) -> {
            try {
                row.put(column, Double.parseDouble(cell));
            } catch (NumberFormatException text) {
                // left out
            }
        });
        return row;
    }

    /** Every row as column name → cell, as written; an empty list when the file does not exist yet. */
    public static List<Map<String, String>> cells(Path file) {
        return Csv.read(file);
    }

    /**
     * Drops the rows whose first column is above {@code last}: what a run wrote after its newest
     * checkpoint, which a resumed run writes again. A file with no header yet is left as it is.
     */
    public static void keepUpTo(Path file, long last) {
        if (!Files.exists(file)) {
            return;
        }
        List<String> header = Csv.header(file);
        if (header.isEmpty()) {
            return;
        }
        List<List<String>> kept = new ArrayList<>();
        for (Map<String, String> row : Csv.read(file)) {
            if (Double.parseDouble(row.get(header.get(0))) <= last) {
                kept.add(List.copyOf(row.values()));
            }
        }
        Csv.write(file, header, kept);
    }
}
