package dlx.data;

import static dlx.data.ResolvedConfigs.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a file whose feature "id" is the row number, so that every example can be traced. */
class SplitsAndNormalizationTest {
    @TempDir
    Path dir;

    @BeforeEach
    void hundredNumberedRows() throws Exception {
        StringBuilder text = new StringBuilder("id,label\n");
        for (int i = 0; i < 100; i++) {
            text.append(i).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Files.writeString(dir.resolve("rows.csv"), text);
    }

    @Test
    void theSplitIsTheSameForTheSameSeedAndOtherForAnother() {
        assertThat(ids(load(0.2, null, 5).train())).isEqualTo(ids(load(0.2, null, 5).train()));
        assertThat(ids(load(0.2, null, 5).train())).isNotEqualTo(ids(load(0.2, null, 6).train()));
    }

    @Test
    void trainValidationAndTestAreDisjointAndCoverEveryRow() {
        LoadedData data = load(0.1, null, 5);
        List<Integer> all = new ArrayList<>();
        all.addAll(ids(data.train()));
        all.addAll(ids(data.validation()));
        all.addAll(ids(data.test()));

        assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void validationIsTheRoundedFractionOfTheTrainingSet() {
        LoadedData data = load(0.25, null, 5); // test: 30 rows; validation: round(0.25 * 70) = round(17.5) = 18

        assertThat(data.test().rows()).isEqualTo(30);
        assertThat(data.validation().rows()).isEqualTo(18);
        assertThat(data.train().rows()).isEqualTo(52);
    }

    @Test
    void validationSplitZeroLeavesAnEmptyValidationSet() {
        LoadedData data = load(0, null, 5);

        assertThat(data.validation().rows()).isZero();
        assertThat(data.validation().features()).isEmpty();
        assertThat(data.train().rows()).isEqualTo(70);
    }

    @Test
    void trainLimitKeepsTheFirstExamplesOfTheShuffledTrainingSet() {
        LoadedData all = load(0.1, null, 5);
        LoadedData limited = load(0.1, 10, 5);

        assertThat(ids(limited.train())).isEqualTo(ids(all.train()).subList(0, 10));
        assertThat(ids(limited.validation())).isEqualTo(ids(all.validation()));
        assertThat(ids(limited.test())).isEqualTo(ids(all.test()));
    }

    @Test
    void scaleMapsTheTrainingRangeToZeroOneAndAppliesItToTheTestSet() throws Exception {
        Files.writeString(dir.resolve("train.csv"), "x,constant,y\n0,5,1\n10,5,2\n5,5,3\n");
        Files.writeString(dir.resolve("test.csv"), "x,constant,y\n20,7,1\n2.5,5,1\n");

        LoadedData data = DataSources.load(csv("train.csv", "test.csv", 0, 0, null, "scale", "regression", "y"), 1,
                dir);

        // x: min 0, max 10 in training, so 20 -> 2 and 2.5 -> 0.25; a constant feature becomes 0.
        assertThat(data.test().features()).containsExactly(2f, 0f, 0.25f, 0f);
        assertThat(column(data.train(), 0)).containsExactlyInAnyOrder(0f, 1f, 0.5f);
        assertThat(data.test().targets()).as("targets are not normalised").containsExactly(1f, 1f);
    }

    @Test
    void standardizeUsesTheTrainingSetsMeanAndStandardDeviation() throws Exception {
        Files.writeString(dir.resolve("train.csv"), "x,constant,y\n1,5,0\n2,5,0\n3,5,0\n");
        Files.writeString(dir.resolve("test.csv"), "x,constant,y\n4,7,0\n");

        LoadedData data = DataSources.load(csv("train.csv", "test.csv", 0, 0, null, "standardize", "regression",
                "y"), 1, dir);

        // x: mean 2, population std sqrt(2/3) = 0.8165, so 4 -> 2.4495; a constant feature is only centred.
        assertThat(data.test().features()[0]).isCloseTo(2.4495f, within(1e-4f));
        assertThat(data.test().features()[1]).isEqualTo(2f);
        float[] train = new float[]{data.train().features()[0], data.train().features()[2],
                data.train().features()[4]};
        Arrays.sort(train);
        assertThat(train).containsExactly(new float[]{-1.2247f, 0f, 1.2247f}, within(1e-4f));
    }

    @Test
    void normalisationIsFittedOnTheTrainingSplitOnly() {
        LoadedData data = load(0.2, null, 5);
        LoadedData scaled = DataSources.load(csv("rows.csv", null, 0.2, 0.3, null, "scale", "classification",
                "label"), 5, dir);
        List<Integer> trainIds = ids(data.train());
        float min = trainIds.stream().min(Integer::compare).orElseThrow();
        float max = trainIds.stream().max(Integer::compare).orElseThrow();

        for (int r = 0; r < data.test().rows(); r++) {
            float id = data.test().features()[r];
            assertThat(scaled.test().features()[r]).isCloseTo((id - min) / (max - min), within(1e-6f));
        }
    }

    @Test
    void nothingLeftToTrainOnIsAnError() throws Exception {
        Files.writeString(dir.resolve("tiny.csv"), "x,label\n1,a\n2,b\n");

        assertThatThrownBy(() -> DataSources.load(csv("tiny.csv", null, 0.5, 0.5, null, "none", "classification",
                "label"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("tiny.csv: no training examples left of 2 after holding out 1 for test and 1 for"
                        + " validation; lower test_split or validation_split");
    }

    private LoadedData load(double validationSplit, Integer trainLimit, long seed) {
        return DataSources.load(csv("rows.csv", null, validationSplit, 0.3, trainLimit, "none", "classification",
                "label"), seed, dir);
    }

    private static List<Integer> ids(Split split) {
        return column(split, 0).stream().map(Float::intValue).toList();
    }

    private static List<Float> column(Split split, int feature) {
        List<Float> values = new ArrayList<>();
        for (int r = 0; r < split.rows(); r++) {
            values.add(split.features()[r * split.featureCount() + feature]);
        }
        return values;
    }
}
