package dlx.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dlx.console.TextTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Per-class and overall scores of a classifier.
 *
 * <p>A score whose denominator is zero is 0, as with scikit-learn's {@code zero_division=0}: a class
 * never predicted has precision 0, a class with no examples has recall 0, and f1 is 0 when both
 * precision and recall are. Macro F1 is the unweighted mean of the per-class F1 over every class in
 * {@code classNames}, including classes absent from the data (they count as 0).
 *
 * @param accuracy   fraction of examples whose predicted class is the actual one
 * @param macroF1    unweighted mean of the per-class F1
 * @param perClass   one score per class, in the order of {@code classNames}
 * @param classNames the name of class {@code i} at index {@code i}
 * @param confusion  {@code confusion[actual][predicted]}: how many examples of class {@code actual}
 *                   were predicted as class {@code predicted}
 */
@JsonPropertyOrder({"accuracy", "macro_f1", "per_class", "class_names", "confusion"})
public record ClassificationMetrics(double accuracy,
                                    @JsonProperty("macro_f1") double macroF1,
                                    @JsonProperty("per_class") List<ClassScore> perClass,
                                    @JsonProperty("class_names") List<String> classNames,
                                    int[][] confusion) {

    /**
     * Longest class name shown whole as a confusion-matrix column header (Fashion-MNIST's all fit);
     * rows show names in full.
     */
    private static final int HEADER_WIDTH = 12;

    public ClassificationMetrics {
        perClass = List.copyOf(perClass);
        classNames = List.copyOf(classNames);
        confusion = deepCopy(confusion);
    }

    /**
     * Scores {@code predicted[i]} against {@code actual[i]}; labels are class indices
     * {@code 0..classNames.size()-1}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty, there are no
     *                                  classes, or a label is out of range
     */
    public static ClassificationMetrics of(int[] actual, int[] predicted, List<String> classNames) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " labels but predicted has "
                    + predicted.length + "; they must pair up one to one");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("no labels to score: actual and predicted are empty");
        }
        int classes = classNames.size();
        if (classes == 0) {
            throw new IllegalArgumentException("classNames is empty; name at least one class");
        }
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            confusion[label("actual", i, actual[i], classes)][label("predicted", i, predicted[i], classes)]++;
        }

        List<ClassScore> perClass = new ArrayList<>(classes);
        int correct = 0;
        double f1Sum = 0;
        for (int c = 0; c < classes; c++) {
            int truePositives = confusion[c][c];
            int support = Arrays.stream(confusion[c]).sum();
            int predictedAs = 0;
            for (int[] row : confusion) {
                predictedAs += row[c];
            }
            // 2·tp / (2·tp + fp + fn), which equals 2PR / (P + R) and needs no special case for P = R = 0.
            double f1 = ratio(2 * truePositives, support + predictedAs);
            perClass.add(new ClassScore(classNames.get(c), ratio(truePositives, predictedAs),
                    ratio(truePositives, support), f1, support));
            correct += truePositives;
            f1Sum += f1;
        }
        return new ClassificationMetrics((double) correct / actual.length, f1Sum / classes, perClass,
                classNames, confusion);
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[][] confusion() {
        return deepCopy(confusion);
    }

    /**
     * For the console: accuracy and macro F1, a table of precision, recall, f1 and support per
     * class, then the confusion matrix (rows actual, columns predicted; long class names shortened
     * in the column headers).
     */
    public String table() {
        int correct = 0;
        int total = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
            total += Arrays.stream(confusion[c]).sum();
        }
        String overall = new TextTable()
                .row("accuracy", decimal(accuracy), "(" + correct + " of " + total + ")")
                .row("macro F1", decimal(macroF1))
                .render();

        TextTable scores = new TextTable().row("class", "precision", "recall", "f1", "support");
        for (ClassScore score : perClass) {
            scores.row(score.name(), decimal(score.precision()), decimal(score.recall()), decimal(score.f1()),
                    String.valueOf(score.support()));
        }

        List<String> header = new ArrayList<>(List.of(""));
        classNames.forEach(name -> header.add(abbreviate(name)));
        TextTable matrix = new TextTable().row(header);
        for (int actual = 0; actual < confusion.length; actual++) {
            List<String> row = new ArrayList<>(List.of(classNames.get(actual)));
            Arrays.stream(confusion[actual]).forEach(count -> row.add(String.valueOf(count)));
            matrix.row(row);
        }

        return overall + "\n" + scores.render()
                + "\nconfusion matrix (rows: actual, columns: predicted)\n" + matrix.render();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassificationMetrics that
                && Double.compare(accuracy, that.accuracy) == 0
                && Double.compare(macroF1, that.macroF1) == 0
                && perClass.equals(that.perClass)
                && classNames.equals(that.classNames)
                && Arrays.deepEquals(confusion, that.confusion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accuracy, macroF1, perClass, classNames, Arrays.deepHashCode(confusion));
    }

    @Override
    public String toString() {
        return "ClassificationMetrics[accuracy=" + accuracy + ", macroF1=" + macroF1 + ", perClass=" + perClass
                + ", classNames=" + classNames + ", confusion=" + Arrays.deepToString(confusion) + "]";
    }

    private static int label(String array, int index, int label, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(array + "[" + index + "] is " + label
                    + "; labels must be class indices 0.." + (classes - 1));
        }
        return label;
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private static String decimal(double score) {
        return String.format(Locale.ROOT, "%.4f", score);
    }

    /**
     * Keeps the start and the end, which tell apart names such as {@code category_alpha} and
     * {@code category_beta} better than the start alone.
     */
    static String abbreviate(String name) {
        if (name.length() <= HEADER_WIDTH) {
            return name;
        }
        int tail = (HEADER_WIDTH - 1) / 2;
        int head = HEADER_WIDTH - 1 - tail;
        return name.substring(0, head) + "~" + name.substring(name.length() - tail);
    }

    private static int[][] deepCopy(int[][] matrix) {
        return Arrays.stream(matrix).map(int[]::clone).toArray(int[][]::new);
    }
}
