package dlx.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = lines(file);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Drops the rows whose first column is above {@code last}: what a run wrote after its newest
     * checkpoint, which a resumed run writes again.
     */
    public static void keepUpTo(Path file, long last) {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = lines(file);
        StringBuilder kept = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            if (Long.parseLong(line.substring(0, line.indexOf(','))) <= last) {
                kept.append(line).append('\n');
            }
        }
        RunFolder.writeAtomically(file, out -> out.write(kept.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> lines(Path file) {
        try {
            // A row cut short by a killed process has fewer cells than the header: it is dropped.
            List<String> lines = Files.readAllLines(file);
            int columns = lines.get(0).split(",").length;
            List<String> whole = new ArrayList<>(List.of(lines.get(0)));
            lines.stream().skip(1).filter(l -> l.split(",").length == columns).forEach(whole::add);
            return whole;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
