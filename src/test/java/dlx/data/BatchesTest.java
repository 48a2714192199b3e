package dlx.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** On splits whose first feature is the row number, so that every batch row can be traced. */
class BatchesTest {

    @Test
    void everyRowComesOnceAnEpochAndTheLastBatchIsSmaller() {
        Batches batches = new Batches(numbered(10, 3), 3, 4, true, 1);

        List<Integer> sizes = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            sizes.add(batch.numExamples());
            rows.addAll(rowsOf(batch));
        }

        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(rows).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(rows).as("shuffled").isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Test
    void theOrderOfAnEpochDependsOnlyOnTheSeedAndTheEpoch() {
        Batches first = new Batches(numbered(50, 2), 2, 8, true, 42);
        Batches resumed = new Batches(numbered(50, 2), 2, 8, true, 42);
        first.reset();
        first.reset();
        first.reset();
        resumed.setEpoch(3);

        assertThat(first.epoch()).isEqualTo(3);
        assertThat(epoch(first)).isEqualTo(epoch(resumed));
    }

    @Test
    void aRunResumedMidEpochSkipsTheBatchesItTrained() {
        Batches interrupted = new Batches(numbered(50, 2), 2, 8, true, 42);
        Batches resumed = new Batches(numbered(50, 2), 2, 8, true, 42);
        interrupted.setEpoch(2);
        resumed.setEpoch(2);
        List<Integer> wholeEpoch = epoch(interrupted);

        resumed.skip(3);

        assertThat(epoch(resumed)).isEqualTo(wholeEpoch.subList(24, 50));
    }

    @Test
    void eachEpochHasItsOwnOrder() {
        Batches batches = new Batches(numbered(50, 2), 2, 8, true, 42);
        List<Integer> epoch0 = epoch(batches);
        batches.reset();
        List<Integer> epoch1 = epoch(batches);
        batches.setEpoch(0);

        assertThat(epoch1).isNotEqualTo(epoch0).containsExactlyInAnyOrderElementsOf(epoch0);
        assertThat(epoch(batches)).isEqualTo(epoch0);
        assertThat(epoch(new Batches(numbered(50, 2), 2, 8, true, 43))).as("another seed").isNotEqualTo(epoch0);
    }

    @Test
    void withoutShuffleRowsComeInTheSplitsOrderEveryEpoch() {
        Batches batches = new Batches(numbered(7, 2), 2, 3, false, 42);
        batches.reset();

        assertThat(epoch(batches)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void classificationLabelsAreOneHot() {
        Split split = numbered(12, 4); // row r has label r % 4
        Batches batches = new Batches(split, 4, 5, true, 7);

        DataSet batch = batches.next();

        assertThat(batch.getFeatures().shape()).containsExactly(5, 2);
        assertThat(batch.getFeatures().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(batch.getLabels().shape()).containsExactly(5, 4);
        for (int i = 0; i < 5; i++) {
            int row = (int) batch.getFeatures().getFloat(i, 0);
            assertThat(batch.getFeatures().getFloat(i, 1)).isEqualTo(row * 10);
            float[] oneHot = batch.getLabels().getRow(i).toFloatVector();
            float[] expected = new float[4];
            expected[row % 4] = 1;
            assertThat(oneHot).containsExactly(expected);
        }
    }

    @Test
    void aSequenceRowReadAsTimestepsBecomesFeaturesByStepsWithItsLabelsPerStep() {
        // two rows of 3 steps x 2 features: row r, step t, feature f holds 100r + 10t + f
        float[] features = new float[12];
        for (int i = 0; i < 12; i++) {
            features[i] = 100 * (i / 6) + 10 * (i % 6 / 2) + i % 2;
        }
        int[] labels = {0, 1, 1, 1, 0, 0}; // per row and step
        Batches batches = new Batches(new Split(features, 2, 6, labels, null, 3), 2, 3, 2, false, 1);

        DataSet batch = batches.next();

        assertThat(batch.getFeatures().shape()).containsExactly(2, 2, 3);
        assertThat(batch.getLabels().shape()).containsExactly(2, 2, 3);
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < 3; t++) {
                for (int f = 0; f < 2; f++) {
                    assertThat(batch.getFeatures().getFloat(r, f, t)).isEqualTo(100 * r + 10 * t + f);
                }
                int label = labels[r * 3 + t];
                assertThat(batch.getLabels().getFloat(r, label, t)).isEqualTo(1);
                assertThat(batch.getLabels().getFloat(r, 1 - label, t)).isEqualTo(0);
            }
        }
    }

    @Test
    void twoClassesForOneSigmoidOutputAreTheClassItselfInOneColumn() {
        Split split = new Split(new float[]{0, 1, 2, 3}, 4, 1, new int[]{1, 0, 0, 1}, null);

        DataSet batch = new Batches(split, 1, 4, false, 1).next();

        assertThat(batch.getLabels().shape()).containsExactly(4, 1);
        assertThat(batch.getLabels().toFloatVector()).containsExactly(1f, 0f, 0f, 1f);
        assertThatThrownBy(() -> new Batches(new Split(new float[]{0}, 1, 1, new int[]{2}, null), 1, 4, false, 1))
                .hasMessage("label 2 of row 0 is not one of 2 classes");
    }

    @Test
    void aSequenceOfTwoClassesForOneSigmoidOutputHasTheClassAtEveryStep() {
        int[] labels = {0, 1, 1, 1, 0, 0}; // two rows of 3 steps
        DataSet batch = new Batches(new Split(new float[6], 2, 3, labels, null, 3), 1, 3, 2, false, 1).next();

        assertThat(batch.getLabels().shape()).containsExactly(2, 1, 3);
        assertThat(batch.getLabels().getFloat(0, 0, 1)).isEqualTo(1);
        assertThat(batch.getLabels().getFloat(1, 0, 0)).isEqualTo(1);
        assertThat(batch.getLabels().getFloat(1, 0, 2)).isEqualTo(0);
    }

    @Test
    void regressionLabelsAreTheTargetsAsOneColumn() {
        Split split = new Split(new float[]{0, 1, 2}, 3, 1, null, new float[]{0.5f, 1.5f, 2.5f});

        DataSet batch = new Batches(split, 0, 3, false, 1).next();

        assertThat(batch.getLabels().shape()).containsExactly(3, 1);
        assertThat(batch.getLabels().toFloatVector()).containsExactly(0.5f, 1.5f, 2.5f);
    }

    @Test
    void releaseFreesTheLastBatchAtOnceAndLeavesTheDataForTheNextEpoch() {
        Batches batches = new Batches(numbered(10, 3), 3, 4, true, 1);
        DataSet first = batches.next();

        batches.release();

        assertThat(first.getFeatures().wasClosed()).isTrue();
        assertThat(first.getLabels().wasClosed()).isTrue();
        batches.setEpoch(1);
        List<Integer> rows = new ArrayList<>();
        while (batches.hasNext()) {
            rows.addAll(rowsOf(batches.next()));
            batches.release();
        }
        assertThat(rows).as("the split itself is untouched").containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void anEmptySplitHasNoBatches() {
        Batches batches = new Batches(new Split(new float[0], 0, 2, new int[0], null), 2, 4, true, 1);

        assertThat(batches.hasNext()).isFalse();
        assertThatThrownBy(batches::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void describesItselfToDl4j() {
        Batches batches = new Batches(numbered(10, 3), 3, 4, true, 1);

        assertThat(batches.inputColumns()).isEqualTo(2);
        assertThat(batches.totalOutcomes()).isEqualTo(3);
        assertThat(batches.batch()).isEqualTo(4);
        assertThat(batches.resetSupported()).isTrue();
        assertThat(batches.asyncSupported()).isFalse();
    }

    @Test
    void anInOrderViewWalksTheSameRowsInTheSplitsOrderWithoutMovingTheShuffledOne() {
        Batches shuffled = new Batches(numbered(10, 3), 3, 4, true, 7);
        shuffled.next();
        Batches inOrder = shuffled.inOrder(3);
        List<Integer> sizes = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        while (inOrder.hasNext()) {
            DataSet batch = inOrder.next();
            sizes.add(batch.numExamples());
            rows.addAll(rowsOf(batch));
            assertThat(batch.getLabels().getFloat(0, rowsOf(batch).get(0) % 3)).isEqualTo(1f);
        }
        assertThat(rows).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(sizes).containsExactly(3, 3, 3, 1);
        assertThat(epoch(shuffled)).as("the shuffled epoch goes on where it was").hasSize(6);
    }

    /** Row r: features (r, 10 r), label r % classes. */
    private static Split numbered(int rows, int classes) {
        float[] features = new float[2 * rows];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            features[2 * r] = r;
            features[2 * r + 1] = 10 * r;
            labels[r] = r % classes;
        }
        return new Split(features, rows, 2, labels, null);
    }

    private static List<Integer> epoch(Batches batches) {
        List<Integer> rows = new ArrayList<>();
        while (batches.hasNext()) {
            rows.addAll(rowsOf(batches.next()));
        }
        return rows;
    }

    private static List<Integer> rowsOf(DataSet batch) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < batch.numExamples(); i++) {
            rows.add((int) batch.getFeatures().getFloat(i, 0));
        }
        return rows;
    }
}
