package dlx.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows of cells printed in aligned columns: the leading label columns left-aligned, the others
 * right-aligned so that numbers line up on their last digit.
 */
public final class TextTable {
    /** Between columns. */
    public static final String GAP = "  ";

    private final List<List<String>> rows = new ArrayList<>();
    private final int labelColumns;

    /** A table whose first column holds labels. */
    public TextTable() {
        this(1);
    }

    /** A table whose first {@code labelColumns} columns hold text (names, ids) rather than numbers. */
    public TextTable(int labelColumns) {
        this.labelColumns = labelColumns;
    }

    public TextTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    public TextTable row(List<String> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    /** The table as lines ending in a newline, without trailing spaces. */
    public String render() {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                if (c == widths.size()) {
                    widths.add(0);
                }
                widths.set(c, Math.max(widths.get(c), row.get(c).length()));
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String pad = String.join("", Collections.nCopies(widths.get(c) - cell.length(), " "));
                String gap = c == 0 ? "" : GAP;
                line.append(c < labelColumns ? gap + cell + pad : gap + pad + cell);
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
