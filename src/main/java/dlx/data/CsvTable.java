package dlx.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CSV file as text: a header row naming the columns, then rows with as many cells. Cells are trimmed
 * and may be quoted ("a, b" with "" for a quote); blank lines are skipped but still counted, so error
 * messages give the line a text editor shows.
 */
record CsvTable(DataFile file, int headerLine, List<String> columns, List<Row> rows) {
    /** Plain decimal numbers; Double.parseDouble would also take "NaN", "0x1p3" and "1f". */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    record Row(int line, String[] cells) {
    }

    static CsvTable read(DataFile file, Fingerprint fingerprint) {
        ByteBuffer bytes = ByteBuffer.wrap(file.bytes(fingerprint));
        CharBuffer text = CharBuffer.allocate(bytes.capacity()); // UTF-8 never has more chars than bytes
        // Decoding by hand, because only the decoder's result tells where a bad byte is.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        if (decoder.decode(bytes, text, true).isError()) {
            throw file.error("byte " + bytes.position() + ": not UTF-8 text");
        }
        decoder.flush(text);
        return parse(file, new BufferedReader(new StringReader(text.flip().toString())), false);
    }

    /** The header row only (rows is empty), reading no further. */
    static CsvTable readHeader(DataFile file) {
        try (BufferedReader reader = Files.newBufferedReader(file.path())) {
            return parse(file, reader, true);
        } catch (NoSuchFileException e) {
            throw file.unusable("no such file");
        } catch (IOException e) {
            throw file.unusable("cannot read (" + e.getMessage() + ")");
        }
    }

    private static CsvTable parse(DataFile file, BufferedReader reader, boolean headerOnly) {
        List<String> columns = null;
        int headerLine = 0;
        List<Row> rows = new ArrayList<>();
        int lineNumber = 0;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = cells(file, lineNumber, line);
                if (columns == null) {
                    columns = header(file, lineNumber, cells);
                    headerLine = lineNumber;
                    if (headerOnly) {
                        break;
                    }
                } else if (cells.length != columns.size()) {
                    throw file.error("line " + lineNumber + ": " + cells.length + " cells, expected "
                            + columns.size() + " as in the header");
                } else {
                    rows.add(new Row(lineNumber, cells));
                }
            }
        } catch (CharacterCodingException e) {
            throw file.error("not UTF-8 text");
        } catch (IOException e) {
            throw file.error("cannot read (" + e.getMessage() + ")");
        }
        if (columns == null) {
            throw file.error("empty file, expected a header row naming the columns");
        }
        return new CsvTable(file, headerLine, columns, rows);
    }

    private static List<String> header(DataFile file, int line, String[] cells) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].isEmpty()) {
                throw file.error("line " + line + ": column " + (i + 1) + " has no name");
            }
            if (!seen.add(cells[i])) {
                throw file.error("line " + line + ": column '" + cells[i] + "' appears twice");
            }
        }
        return List.of(cells);
    }

    private static String[] cells(DataFile file, int line, String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c != '"') {
                    cell.append(c);
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw file.error("line " + line + ": a quoted cell is not closed");
        }
        cells.add(cell.toString().trim());
        return cells.toArray(String[]::new);
    }

    /** The index of the named column; the error lists the columns there are. */
    int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw file.error("line " + headerLine + ": no column '" + name + "' (columns: "
                    + String.join(", ", columns) + ")");
        }
        return index;
    }

    float number(Row row, int column) {
        String cell = row.cells()[column];
        if (!isNumber(cell)) {
            throw error(row, column, "'" + cell + "' is not a number");
        }
        float value = Float.parseFloat(cell);
        if (Float.isInfinite(value)) {
            throw error(row, column, cell + " is too large for a 32-bit float");
        }
        return value;
    }

    DataException error(Row row, int column, String what) {
        return file.error("line " + row.line() + ", column '" + columns.get(column) + "': " + what);
    }

    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }
}
