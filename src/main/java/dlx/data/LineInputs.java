package dlx.data;

import dlx.config.DataConfig;
import dlx.config.SyntheticKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A text file of new examples for a run trained on generated data, one example per line in the form the generator
 * makes them: an addition question as its characters ("123+45"), any other kind as its values separated by commas or
 * spaces (xor, spirals, moons: x and y; sine: x; scale: a pitch; parity and running_sum: one value per step). Blank
 * lines and lines starting with # are skipped.
 */
final class LineInputs {
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern QUESTION = Pattern.compile("\\d+\\+\\d+");

    private LineInputs() {
    }

    static InputExamples read(DataFile file, DataConfig.Synthetic source, Preprocessing preprocessing) {
        if (!java.nio.file.Files.isRegularFile(file.path())) {
            throw file.error(java.nio.file.Files.isDirectory(file.path()) ? "a folder; the run trained on generated "
                    + source.kind() + " examples: give a text file with one example per line" : "no such file");
        }
        String text = new String(file.bytes(new Fingerprint()), StandardCharsets.UTF_8);
        int width = preprocessing.featureCount();
        List<String> names = new ArrayList<>();
        List<List<String>> lines = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        String[] all = text.split("\r?\n", -1);
        for (int n = 0; n < all.length; n++) {
            String line = all[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            float[] row = new float[width];
            String where = "line " + (n + 1);
            if (source.kind() == SyntheticKind.ADDITION) {
                question(file, where, line, row);
            } else {
                values(file, where, line, row, source.kind());
            }
            names.add(where);
            lines.add(List.of(line));
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw file.error("no examples; give one per line (" + form(source.kind(), width) + ")");
        }
        float[] features = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * width, width);
        }
        return new InputExamples(names, features, width, List.of("example"), lines, null, List.of());
    }

    private static void question(DataFile file, String where, String line, float[] row) {
        String question = line.replace(" ", "");
        if (!QUESTION.matcher(question).matches()) {
            throw file.error(where + ": '" + line + "' is not an addition question such as 123+45");
        }
        if (question.length() > row.length) {
            throw file.error(where + ": '" + line + "' has " + question.length() + " characters; the network reads"
                    + " questions of at most " + row.length + " (numbers of up to " + (row.length - 1) / 2 + " digits)");
        }
        SyntheticData.encodeQuestion(question, row, 0, row.length);
    }

    private static void values(DataFile file, String where, String line, float[] row, SyntheticKind kind) {
        String[] cells = SEPARATORS.split(line);
        if (cells.length != row.length) {
            throw file.error(where + ": " + cells.length + " value" + (cells.length == 1 ? "" : "s") + ", but the"
                    + " network takes " + row.length + " (" + form(kind, row.length) + ")");
        }
        for (int i = 0; i < cells.length; i++) {
            if (!CsvTable.isNumber(cells[i])) {
                throw file.error(where + ", value " + (i + 1) + ": '" + cells[i] + "' is not a number");
            }
            row[i] = Float.parseFloat(cells[i]);
            if (Float.isInfinite(row[i])) {
                throw file.error(where + ", value " + (i + 1) + ": " + cells[i] + " is too large for a 32-bit float");
            }
        }
    }

    /** What one line holds for this kind, for error messages. */
    private static String form(SyntheticKind kind, int width) {
        return switch (kind) {
            case XOR, SPIRALS, MOONS -> "x and y";
            case SINE -> "x";
            case SCALE -> "a pitch in semitones above C";
            case PARITY -> width + " bits, one per step";
            case RUNNING_SUM -> width + " values, one per step";
            case ADDITION -> "a question such as 123+45";
        };
    }
}
