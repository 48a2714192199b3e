package dlx.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class BatchesTest {
    /** Ten rows whose single feature is the row's own index, labelled index % 3. */
    private static Split tenRows() {
        float[] features = new float[10];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            features[i] = i;
            labels[i] = i % 3;
        }
        return new Split(features, 10, 1, labels, null);
    }

    private static List<Integer> epochOrder(Batches batches, List<Integer> batchSizes) {
        List<Integer> rows = new ArrayList<>();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            batchSizes.add(batch.numExamples());
            for (float f : batch.getFeatures().toFloatVector()) {
                rows.add((int) f);
            }
        }
        return rows;
    }

    @Test
    void everyRowComesOncePerEpochAndTheLastBatchIsSmaller() {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> rows = epochOrder(new Batches(tenRows(), 3, 4, true, 5), sizes);
        assertThat(rows).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(sizes).containsExactly(4, 4, 2);
    }

    @Test
    void theOrderOfAnEpochDependsOnlyOnSeedAndEpoch() {
        Batches first = new Batches(tenRows(), 3, 4, true, 5);
        Batches second = new Batches(tenRows(), 3, 4, true, 5);
        first.setEpoch(3);
        List<Integer> epochThree = epochOrder(first, new ArrayList<>());
        second.setEpoch(0);
        epochOrder(second, new ArrayList<>());
        second.setEpoch(3);
        assertThat(epochOrder(second, new ArrayList<>())).isEqualTo(epochThree);

        first.setEpoch(4);
        assertThat(epochOrder(first, new ArrayList<>())).isNotEqualTo(epochThree);
    }

    @Test
    void withoutShuffleTheSplitsOrderIsKept() {
        assertThat(epochOrder(new Batches(tenRows(), 3, 3, false, 5), new ArrayList<>()))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void labelsAreOneHotForClassificationAndAColumnForRegression() {
        DataSet batch = new Batches(tenRows(), 3, 10, false, 0).next();
        assertThat(batch.getLabels().shape()).containsExactly(10, 3);
        assertThat(batch.getLabels().getRow(4).toFloatVector()).containsExactly(0f, 1f, 0f);

        Split regression = new Split(new float[] {1, 2}, 2, 1, null, new float[] {0.5f, -3f});
        DataSet targets = new Batches(regression, 0, 2, false, 0).next();
        assertThat(targets.getLabels().shape()).containsExactly(2, 1);
        assertThat(targets.getLabels().toFloatVector()).containsExactly(0.5f, -3f);
    }
}
