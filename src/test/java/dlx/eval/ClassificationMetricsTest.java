package dlx.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final List<String> ANIMALS = List.of("cat", "dog", "bird");

    /*
     * actual     cat cat cat cat dog dog dog bird bird bird
     * predicted  cat cat cat dog dog dog cat bird dog  dog
     *
     * confusion [actual][predicted]     precision = tp / column sum, recall = tp / row sum
     *            cat dog bird           cat  3/4 = 0.75   3/4 = 0.75     f1 0.75
     *   cat        3   1    0           dog  2/5 = 0.4    2/3            f1 2·2/(3+5) = 0.5
     *   dog        1   2    0           bird 1/1 = 1.0    1/3            f1 2·1/(3+1) = 0.5
     *   bird       0   2    1
     *
     * accuracy = (3 + 2 + 1) / 10 = 0.6, macro F1 = (0.75 + 0.5 + 0.5) / 3 = 0.58333…
     */
    private static final int[] ACTUAL = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    private static final int[] PREDICTED = {0, 0, 0, 1, 1, 1, 0, 2, 1, 1};

    private final ClassificationMetrics metrics = ClassificationMetrics.of(ACTUAL, PREDICTED, ANIMALS);

    @Test
    void confusionCountsActualRowsAgainstPredictedColumns() {
        assertThat(metrics.confusion()).isDeepEqualTo(new int[][] {{3, 1, 0}, {1, 2, 0}, {0, 2, 1}});
    }

    @Test
    void accuracyIsTheFractionPredictedCorrectly() {
        assertThat(metrics.accuracy()).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void precisionRecallAndF1AreScoredPerClassInClassOrder() {
        assertThat(metrics.perClass()).extracting(ClassScore::name).containsExactly("cat", "dog", "bird");
        assertScore(metrics.perClass().get(0), 0.75, 0.75, 0.75, 4);
        assertScore(metrics.perClass().get(1), 0.4, 2.0 / 3, 0.5, 3);
        assertScore(metrics.perClass().get(2), 1.0, 1.0 / 3, 0.5, 3);
    }

    @Test
    void macroF1IsTheUnweightedMeanOfTheClassF1s() {
        assertThat(metrics.macroF1()).isCloseTo(1.75 / 3, within(1e-12));
    }

    @Test
    void perfectPredictionsScoreOneEverywhere() {
        int[] labels = {0, 1, 2, 2, 1, 0};
        ClassificationMetrics perfect = ClassificationMetrics.of(labels, labels, ANIMALS);

        assertThat(perfect.accuracy()).isEqualTo(1.0);
        assertThat(perfect.macroF1()).isEqualTo(1.0);
        perfect.perClass().forEach(score -> assertScore(score, 1.0, 1.0, 1.0, 2));
        assertThat(perfect.confusion()).isDeepEqualTo(new int[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 2}});
    }

    @Test
    void aClassNeverPredictedHasPrecisionRecallAndF1OfZero() {
        ClassificationMetrics noBird =
                ClassificationMetrics.of(new int[] {0, 1, 2, 2}, new int[] {0, 1, 1, 1}, ANIMALS);

        assertScore(noBird.perClass().get(2), 0.0, 0.0, 0.0, 2);
        // dog: precision 1/3, recall 1 → f1 2·1/(1+3) = 0.5; macro F1 = (1 + 0.5 + 0) / 3
        assertThat(noBird.macroF1()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aClassAbsentFromTheDataStillCountsInMacroF1AsZero() {
        ClassificationMetrics noBirdAtAll = ClassificationMetrics.of(new int[] {0, 0, 1}, new int[] {0, 0, 1}, ANIMALS);

        assertScore(noBirdAtAll.perClass().get(2), 0.0, 0.0, 0.0, 0);
        assertThat(noBirdAtAll.accuracy()).isEqualTo(1.0);
        assertThat(noBirdAtAll.macroF1()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void arraysOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0, 1}, new int[] {0}, ANIMALS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actual has 2 labels but predicted has 1");
    }

    @Test
    void anOutOfRangeLabelIsRejectedNamingWhereItIs() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0, 3}, new int[] {0, 1}, ANIMALS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actual[1] is 3; labels must be class indices 0..2");
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0, 1}, new int[] {-1, 1}, ANIMALS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted[0] is -1; labels must be class indices 0..2");
    }

    @Test
    void nothingToScoreIsRejected() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[0], new int[0], ANIMALS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0}, new int[] {0}, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classNames is empty");
    }

    @Test
    void theConfusionMatrixCannotBeChangedFromOutside() {
        metrics.confusion()[0][0] = 99;

        assertThat(metrics.confusion()[0][0]).isEqualTo(3);
    }

    @Test
    void serializesToJsonWithSnakeCaseNamesAndTheConfusionAsNestedArrays() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(metrics));

        assertThat(json.fieldNames()).toIterable()
                .containsExactly("accuracy", "macro_f1", "per_class", "class_names", "confusion");
        assertThat(json.get("accuracy").asDouble()).isEqualTo(0.6);
        assertThat(json.get("class_names").toString()).isEqualTo("[\"cat\",\"dog\",\"bird\"]");
        assertThat(json.get("confusion").toString()).isEqualTo("[[3,1,0],[1,2,0],[0,2,1]]");
        assertThat(json.get("per_class").get(0).toString())
                .isEqualTo("{\"name\":\"cat\",\"precision\":0.75,\"recall\":0.75,\"f1\":0.75,\"support\":4}");
    }

    @Test
    void readsBackFromItsJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        assertThat(mapper.readValue(mapper.writeValueAsString(metrics), ClassificationMetrics.class))
                .isEqualTo(metrics);
    }

    @Test
    void tableShowsTheOverallScoresEachClassAndTheConfusionMatrix() {
        assertThat(metrics.table()).isEqualTo("""
                accuracy  0.6000  (6 of 10)
                macro F1  0.5833

                class  precision  recall      f1  support
                cat       0.7500  0.7500  0.7500        4
                dog       0.4000  0.6667  0.5000        3
                bird      1.0000  0.3333  0.5000        3

                confusion matrix (rows: actual, columns: predicted)
                      cat  dog  bird
                cat     3    1     0
                dog     1    2     0
                bird    0    2     1
                """);
    }

    @Test
    void tableShortensLongClassNamesInTheMatrixHeaderOnly() {
        List<String> names = List.of("category_alpha", "category_beta");
        String table = ClassificationMetrics.of(new int[] {0, 1}, new int[] {0, 1}, names).table();

        assertThat(table).contains("catego~alpha", "catego~_beta");
        assertThat(table.lines().filter(line -> line.startsWith("category_alpha"))).hasSize(2);
    }

    @Test
    void abbreviationKeepsTheStartAndTheEndOfALongName() {
        assertThat(ClassificationMetrics.abbreviate("sneaker")).isEqualTo("sneaker");
        assertThat(ClassificationMetrics.abbreviate("twelve_chars")).isEqualTo("twelve_chars");
        assertThat(ClassificationMetrics.abbreviate("T-shirt/top or pullover")).isEqualTo("T-shir~lover");
    }

    private static void assertScore(ClassScore score, double precision, double recall, double f1, int support) {
        assertThat(score.precision()).as(score.name() + " precision").isCloseTo(precision, within(1e-12));
        assertThat(score.recall()).as(score.name() + " recall").isCloseTo(recall, within(1e-12));
        assertThat(score.f1()).as(score.name() + " f1").isCloseTo(f1, within(1e-12));
        assertThat(score.support()).as(score.name() + " support").isEqualTo(support);
    }
}
