package dlx.run;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one CSV dialect of every CSV dlx reads or writes (metrics.csv, metrics-steps.csv, layers.csv, a sweep's
 * leaderboard.csv, {@code dlx runs list --csv}): RFC 4180 through jackson-dataformat-csv — a header line, commas,
 * a cell quoted only when it holds a comma, a quote or a line break, {@code \n} line ends, UTF-8.
 */
public final class Csv {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            // Jackson otherwise quotes every cell longer than 24 characters, a run folder's path among them
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
    private static final ObjectWriter LINE = MAPPER.writer(CsvSchema.emptySchema().withLineSeparator("\n"));
    private static final ObjectReader ROWS = MAPPER.readerForListOf(String.class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvSchema.emptySchema());

    private Csv() {
    }

    /** One row, ending in a line break: cells are written as {@link String#valueOf} writes them, null as empty. */
    public static String line(List<?> cells) {
        List<String> text = cells.stream().map(c -> c == null ? "" : String.valueOf(c)).toList();
        try {
            return LINE.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException("a row of strings always writes", e);
        }
    }

    /** A whole table, header first. */
    public static String table(List<String> header, List<? extends List<?>> rows) {
        StringBuilder text = new StringBuilder(line(header));
        rows.forEach(row -> text.append(line(row)));
        return text.toString();
    }

    /** Writes a whole table atomically: a reader sees the old file or the new one. */
    public static void write(Path file, List<String> header, List<? extends List<?>> rows) {
        String text = table(header, rows);
        RunFolder.writeAtomically(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Every row as column name → cell, in the header's order; an empty list when the file does not exist. A row
     * with fewer cells than the header, cut short by a killed process, is left out.
     */
    public static List<Map<String, String>> read(Path file) {
        List<List<String>> lines = lines(file);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = lines.get(0);
        List<Map<String, String>> table = new ArrayList<>();
        for (List<String> cells : lines.subList(1, lines.size())) {
            if (cells.size() >= header.size()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                table.add(row);
            }
        }
        return table;
    }

    /** The header's column names; empty when the file does not exist or is empty. */
    public static List<String> header(Path file) {
        List<List<String>> lines = lines(file);
        return lines.isEmpty() ? List.of() : lines.get(0);
    }

    private static List<List<String>> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<List<String>> lines = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<List<String>> rows = ROWS.readValues(reader)) {
            while (rows.hasNextValue()) {
                lines.add(rows.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(file + ": not a CSV file dlx can read (" + e.getMessage() + ")",
                    e instanceof IOException io ? io : new IOException(e));
        }
        return lines;
    }
}
