package dlx.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.DataConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** data.augment: each change checked on images whose pixels can be traced, and the draws' reproducibility. */
class AugmentationTest {
    private static final int SIDE = 7;
    private static final List<Integer> SHAPE = List.of(SIDE, SIDE, 1);

    private static Augmentation augmentation(Boolean flip, double rotate, int shift, int crop) {
        return Augmentation.of(new DataConfig.Augment(flip, rotate, shift, crop), SHAPE, 42);
    }

    /** Pixel (y, x) is 1 + 10·y + x: every pixel tells where it came from; 0 means "from outside". */
    private static float[] traceable() {
        float[] image = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image[y * SIDE + x] = 1 + 10 * y + x;
            }
        }
        return image;
    }

    private static float[] changed(Augmentation augmentation, int row, int epoch) {
        float[] image = traceable();
        augmentation.apply(image, 0, row, epoch);
        return image;
    }

    @Test
    void nothingToChangeMeansNoAugmentation() {
        assertThat(augmentation(false, 0, 0, 0)).isNull();
        assertThat(Augmentation.of(null, SHAPE, 1)).isNull();
    }

    @Test
    void aFlipMirrorsLeftAndRightInAboutHalfTheImages() {
        Augmentation flip = augmentation(true, 0, 0, 0);
        float[] mirror = new float[SIDE * SIDE];
        float[] original = traceable();
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                mirror[y * SIDE + x] = original[y * SIDE + SIDE - 1 - x];
            }
        }
        int flipped = 0;
        for (int row = 0; row < 200; row++) {
            float[] image = changed(flip, row, 0);
            assertThat(image).satisfiesAnyOf(i -> assertThat(i).containsExactly(original),
                    i -> assertThat(i).containsExactly(mirror));
            flipped += image[0] == mirror[0] ? 1 : 0;
        }
        assertThat(flipped).isBetween(70, 130);
    }

    /** The move (down, right) that turns the traceable image into this one, checked at every pixel. */
    private static int[] moveOf(float[] image, boolean nearest) {
        float centre = image[(SIDE / 2) * SIDE + SIDE / 2] - 1;
        int down = SIDE / 2 - (int) (centre / 10);
        int right = SIDE / 2 - (int) (centre % 10);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int fromY = y - down;
                int fromX = x - right;
                boolean outside = fromY < 0 || fromY >= SIDE || fromX < 0 || fromX >= SIDE;
                float expected = outside && !nearest ? 0
                        : 1 + 10 * Math.max(0, Math.min(SIDE - 1, fromY)) + Math.max(0, Math.min(SIDE - 1, fromX));
                assertThat(image[y * SIDE + x]).as("pixel (%d, %d) moved by (%d, %d)", y, x, down, right)
                        .isEqualTo(expected);
            }
        }
        return new int[] {down, right};
    }

    @Test
    void aShiftMovesTheImageAndRepeatsTheEdgeIntoTheGap() {
        Augmentation shift = augmentation(false, 0, 2, 0);
        Set<List<Integer>> moves = new HashSet<>();
        for (int row = 0; row < 300; row++) {
            int[] move = moveOf(changed(shift, row, 0), true);
            moves.add(List.of(move[0], move[1]));
        }
        assertThat(moves).as("every move of at most 2 pixels each way").hasSize(25)
                .allSatisfy(m -> assertThat(m).allSatisfy(d -> assertThat(Math.abs(d)).isLessThanOrEqualTo(2)));
    }

    @Test
    void aPaddedCropMovesTheImageAndFillsTheGapWithZeros() {
        Augmentation crop = augmentation(false, 0, 0, 3);
        Set<List<Integer>> moves = new HashSet<>();
        for (int row = 0; row < 400; row++) {
            int[] move = moveOf(changed(crop, row, 0), false);
            moves.add(List.of(move[0], move[1]));
        }
        assertThat(moves).hasSize(49)
                .allSatisfy(m -> assertThat(m).allSatisfy(d -> assertThat(Math.abs(d)).isLessThanOrEqualTo(3)));
    }

    @Test
    void aRotationTurnsAboutTheCentreAndLeavesARoundImageAsItWas() {
        // a disc of radius 2 in a 7x7 image with smoothly falling values: any turn about the centre keeps it
        float[] disc = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double r = Math.hypot(y - 3, x - 3);
                disc[y * SIDE + x] = (float) Math.max(0, 1 - r / 3);
            }
        }
        Augmentation rotate = augmentation(false, 45, 0, 0);
        boolean changedAny = false;
        for (int row = 0; row < 20; row++) {
            float[] image = disc.clone();
            rotate.apply(image, 0, row, 0);
            assertThat(image[3 * SIDE + 3]).as("the centre").isEqualTo(disc[3 * SIDE + 3]);
            for (int i = 0; i < image.length; i++) {
                assertThat(image[i]).as("pixel %d", i).isCloseTo(disc[i], within(0.12f));
            }
            float[] traced = changed(rotate, row, 0);
            changedAny |= traced[0] != traceable()[0];
        }
        assertThat(changedAny).as("a non-round image does change").isTrue();
    }

    @Test
    void theChangesDependOnlyOnTheSeedTheEpochAndTheRow() {
        Augmentation all = augmentation(true, 15, 1, 2);
        Augmentation again = augmentation(true, 15, 1, 2);
        assertThat(changed(all, 5, 3)).containsExactly(changed(again, 5, 3));
        List<float[]> epochs = new ArrayList<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            epochs.add(changed(all, 5, epoch));
        }
        assertThat(epochs).extracting(java.util.Arrays::toString).doesNotHaveDuplicates();
        Augmentation otherSeed = Augmentation.of(new DataConfig.Augment(true, 15.0, 1, 2), SHAPE, 43);
        float[] other = traceable();
        otherSeed.apply(other, 0, 5, 3);
        assertThat(other).isNotEqualTo(changed(all, 5, 3));
    }

    private static Split images(int rows) {
        float[] features = new float[rows * SIDE * SIDE];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(traceable(), 0, features, r * SIDE * SIDE, SIDE * SIDE);
            features[r * SIDE * SIDE + SIDE * SIDE / 2] = 100 + r; // the centre names the row: no move hides it
            labels[r] = r % 2;
        }
        return new Split(features, rows, SIDE * SIDE, labels, null);
    }

    private static List<String> epochRows(Batches batches) {
        List<String> rows = new ArrayList<>();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            for (int i = 0; i < batch.numExamples(); i++) {
                rows.add(java.util.Arrays.toString(batch.getFeatures().getRow(i).toFloatVector()));
            }
        }
        return rows;
    }

    @Test
    void aRunResumedMidEpochSeesTheSameChangedImagesAsAStraightOne() {
        Augmentation augmentation = augmentation(true, 10, 1, 1);
        Batches straight = new Batches(images(30), 2, 0, 4, true, 42, augmentation);
        Batches resumed = new Batches(images(30), 2, 0, 4, true, 42, augmentation);
        straight.setEpoch(2);
        resumed.setEpoch(2);
        List<String> whole = epochRows(straight);

        resumed.skip(3);

        assertThat(epochRows(resumed)).isEqualTo(whole.subList(12, 30));
    }

    @Test
    void onlyTheTrainingBatchesAreChanged() {
        Split split = images(10);
        Batches train = new Batches(split, 2, 0, 4, false, 42, augmentation(true, 10, 1, 1));
        List<String> plain = epochRows(new Batches(split, 2, 0, 4, false, 42));

        assertThat(epochRows(train)).isNotEqualTo(plain);
        assertThat(epochRows(train.inOrder(4))).as("the rows evaluation reads").isEqualTo(plain);
    }

    @Test
    void anImageReadAsASequenceOfItsRowsIsChangedAsAnImage() {
        Split split = images(6);
        Augmentation augmentation = augmentation(true, 0, 2, 0);
        Batches sequences = new Batches(split, 2, SIDE, 6, false, 42, augmentation);
        Batches flat = new Batches(split, 2, 0, 6, false, 42, augmentation);
        DataSet asSequences = sequences.next();
        DataSet asImages = flat.next();
        for (int i = 0; i < 6; i++) {
            // NCW [features, timesteps]: step t is image row t
            float[] steps = asSequences.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i))
                    .transpose().dup('c').reshape(SIDE * SIDE).toFloatVector();
            assertThat(steps).containsExactly(asImages.getFeatures().getRow(i).toFloatVector());
        }
    }
}
