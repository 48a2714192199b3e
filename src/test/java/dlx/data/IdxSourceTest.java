package dlx.data;

import static dlx.data.ResolvedConfigs.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dlx.config.ConfigException;
import dlx.config.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {
    @TempDir
    Path dir;

    @Test
    void trainFilesGiveTrainingAndValidationSetsAndT10kFilesTheTestSet() {
        TinyIdx.folder(dir.resolve("digits"), true, 20, 5);

        LoadedData data = DataSources.load(idx("idx", "digits", 0.25, null, "none"), 1, dir);

        assertThat(data.train().rows()).isEqualTo(15);
        assertThat(data.validation().rows()).isEqualTo(5);
        assertThat(data.test().rows()).isEqualTo(5);
        assertThat(data.train().featureCount()).isEqualTo(TinyIdx.HEIGHT * TinyIdx.WIDTH);
        assertThat(data.inputShape()).containsExactly(2, 3, 1);
        assertThat(data.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(data.classes()).isEqualTo(3);
        assertThat(data.classNames()).containsExactly("0", "1", "2");
        assertThat(DataSources.classNames(idx("idx", "digits", 0.25, null, "none"), dir))
                .as("from the label files alone, as dlx config validate reads them").isEqualTo(data.classNames());
    }

    @Test
    void eachRowHoldsTheImagesPixelsAndItsLabel() {
        TinyIdx.folder(dir, false, 20, 5);

        LoadedData data = DataSources.load(idx("idx", ".", 0.25, null, "none"), 1, dir);

        for (Split split : List.of(data.train(), data.validation(), data.test())) {
            for (int r = 0; r < split.rows(); r++) {
                int image = (int) split.features()[r * 6];
                float[] row = Arrays.copyOfRange(split.features(), r * 6, r * 6 + 6);
                assertThat(row).containsExactly(image, image + 1, image + 2, image + 3, image + 4, image + 5);
                assertThat(split.labels()[r]).isEqualTo(image % 3);
            }
        }
        assertThat(data.test().features()[0]).as("the test set keeps the file's order").isEqualTo(0);
        assertThat(data.test().features()[6]).isEqualTo(1);
    }

    @Test
    void gzippedAndPlainFilesLoadTheSameExamples() {
        TinyIdx.folder(dir.resolve("gz"), true, 30, 4);
        TinyIdx.folder(dir.resolve("plain"), false, 30, 4);

        LoadedData gz = DataSources.load(idx("idx", "gz", 0.1, null, "scale"), 7, dir);
        LoadedData plain = DataSources.load(idx("idx", "plain", 0.1, null, "scale"), 7, dir);

        assertThat(gz.train().features()).isEqualTo(plain.train().features());
        assertThat(gz.validation().labels()).isEqualTo(plain.validation().labels());
        assertThat(gz.test().features()).isEqualTo(plain.test().features());
    }

    @Test
    void scaleDividesPixelsBy255() {
        Path folder = dir.resolve("bright");
        TinyIdx.folder(folder, false, 4, 1);
        TinyIdx.write(folder.resolve("t10k-images-idx3-ubyte"), withPixels(new byte[]{0, 51, (byte) 255, 1, 2, 3}));

        LoadedData data = DataSources.load(idx("idx", "bright", 0, null, "scale"), 1, dir);

        assertThat(data.test().features()[1]).isEqualTo(0.2f);
        assertThat(data.test().features()[2]).isEqualTo(1f);
    }

    @Test
    void fashionMnistHasTenNamedClasses() {
        TinyIdx.folder(dir, true, 10, 2);

        LoadedData data = DataSources.load(idx("fashion-mnist", ".", 0, null, "scale"), 1, dir);

        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    }

    @Test
    void fingerprintIsTheSha256OfTheFilesAsStoredInTrainThenTestOrder() throws Exception {
        TinyIdx.folder(dir, true, 10, 2);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            sha256.update(Files.readAllBytes(dir.resolve(name)));
        }

        LoadedData data = DataSources.load(idx("idx", ".", 0.2, null, "scale"), 1, dir);

        assertThat(data.fingerprint()).isEqualTo("sha256:" + HexFormat.of().formatHex(sha256.digest()));
    }

    @Test
    void inputShapeReadsOnlyTheHeader() {
        TinyIdx.folder(dir, true, 10, 2);
        byte[] header = Arrays.copyOf(TinyIdx.images(1000, 28, 28), 16);
        TinyIdx.write(dir.resolve("train-images-idx3-ubyte.gz"), header);

        assertThat(DataSources.inputShape(idx("idx", ".", 0.1, null, "scale"), dir)).containsExactly(28, 28, 1);
    }

    @Test
    void aLabelFileWhereImagesBelongIsNotAnImageFile() {
        TinyIdx.folder(dir.resolve("x"), true, 10, 2);
        TinyIdx.write(dir.resolve("x/train-images-idx3-ubyte.gz"), TinyIdx.labels(10));

        assertThatThrownBy(() -> DataSources.load(idx("idx", "x", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("x/train-images-idx3-ubyte.gz: not an IDX image file (magic 0x00000801 at offset 0,"
                        + " expected 0x00000803)");
    }

    @Test
    void anImageFileWhereLabelsBelongIsNotALabelFile() {
        TinyIdx.folder(dir, false, 10, 2);
        TinyIdx.write(dir.resolve("t10k-labels-idx1-ubyte"), TinyIdx.images(2, 2, 3));

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith("t10k-labels-idx1-ubyte: not an IDX label file (magic 0x00000803 at offset 0,"
                        + " expected 0x00000801)");
    }

    @Test
    void aTruncatedImageFileSaysWhereItEndsAndHowLongItShouldBe() {
        TinyIdx.folder(dir.resolve("x"), true, 10, 2);
        byte[] images = TinyIdx.images(10, 2, 3);
        TinyIdx.write(dir.resolve("x/train-images-idx3-ubyte.gz"), Arrays.copyOf(images, 50));

        assertThatThrownBy(() -> DataSources.load(idx("idx", "x", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("x/train-images-idx3-ubyte.gz: file ends at byte 50, expected 76 bytes");
    }

    @Test
    void aFileShorterThanItsHeaderSaysSo() {
        TinyIdx.folder(dir, false, 10, 2);
        TinyIdx.write(dir.resolve("train-labels-idx1-ubyte"), new byte[]{0, 0, 8, 1, 0});

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("train-labels-idx1-ubyte: file ends at byte 5, expected an IDX header of 8 bytes");
    }

    @Test
    void imagesAndLabelsMustBeAsMany() {
        TinyIdx.folder(dir.resolve("x"), true, 10, 3);
        TinyIdx.write(dir.resolve("x/t10k-labels-idx1-ubyte.gz"), TinyIdx.labels(2));

        assertThatThrownBy(() -> DataSources.load(idx("idx", "x", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("x/t10k-images-idx3-ubyte.gz: 3 images but t10k-labels-idx1-ubyte.gz has 2 labels");
    }

    @Test
    void testImagesMustHaveTheTrainingImagesSize() {
        TinyIdx.folder(dir, false, 10, 2);
        TinyIdx.write(dir.resolve("t10k-images-idx3-ubyte"), TinyIdx.images(2, 3, 3));

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith("t10k-images-idx3-ubyte: 3x3 images but train-images-idx3-ubyte has 2x3");
    }

    @Test
    void fashionMnistLabelsMustBeBelowTen() {
        TinyIdx.folder(dir, false, 10, 3);
        TinyIdx.write(dir.resolve("t10k-labels-idx1-ubyte"), TinyIdx.labels(0, 12, 1));

        assertThatThrownBy(() -> DataSources.load(idx("fashion-mnist", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith("t10k-labels-idx1-ubyte: label 12 at offset 9, expected 0 to 9");
    }

    @Test
    void aCorruptGzipFileIsNamed() throws Exception {
        TinyIdx.folder(dir, true, 10, 2);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), TinyIdx.images(10, 2, 3));

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: not a valid gzip file");
    }

    @Test
    void aMissingFolderIsAnErrorOfTheKeyThatNamesIt() {
        assertThatThrownBy(() -> DataSources.load(idx("idx", "datasets/foo", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data.path: datasets/foo: no such folder");
        assertThatThrownBy(() -> DataSources.inputShape(idx("idx", "datasets/foo", 0.1, null, "scale"), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data.path: datasets/foo: no such folder");
    }

    @Test
    void aMissingFileListsTheNamesLookedFor() throws Exception {
        TinyIdx.folder(dir.resolve("x"), true, 10, 2);
        Files.delete(dir.resolve("x/t10k-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> DataSources.inputShape(idx("idx", "x", 0.1, null, "scale"), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data.path: x: no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz");
    }

    private static byte[] withPixels(byte[] pixels) {
        byte[] file = TinyIdx.images(1, 2, 3);
        System.arraycopy(pixels, 0, file, 16, pixels.length);
        return file;
    }

    @Test
    void aSmallGzipThatInflatesFarBeyondItsHeaderIsRefusedWithoutInflatingIt() {
        TinyIdx.folder(dir, true, 10, 2);
        // a header for 10 images of 2x3 (76 bytes), then 64 MB of zeros: 64 KB compressed
        byte[] bomb = Arrays.copyOf(TinyIdx.images(10, 2, 3), 64 << 20);
        TinyIdx.write(dir.resolve("train-images-idx3-ubyte.gz"), bomb);

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("train-images-idx3-ubyte.gz: inflates to more than the 76 bytes its header gives"
                        + " (10 images of 2x3)");
    }

    @Test
    void aHeaderThatAnnouncesMoreImagesThanTheHeapHoldsIsRefusedBeforeAnyIsRead() {
        TinyIdx.folder(dir, true, 10, 2);
        byte[] header = Arrays.copyOf(TinyIdx.images(0, 28, 28), 16);
        java.nio.ByteBuffer.wrap(header).putInt(4, Integer.MAX_VALUE);
        TinyIdx.write(dir.resolve("train-images-idx3-ubyte.gz"), header);

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("train-images-idx3-ubyte.gz: its header gives 2,147,483,647 images of 28x28: ")
                .hasMessageEndingWith("the header is wrong, or give dlx more memory (-Xmx in DLX_JAVA_OPTS)");
    }

    @Test
    void aLabelFileLongerThanItsHeaderSaysIsRefusedBeforeItIsRead() throws Exception {
        TinyIdx.folder(dir, false, 10, 2);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), Arrays.copyOf(TinyIdx.labels(10), 10_000));

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessage("train-labels-idx1-ubyte: 10000 bytes, expected 18 for 10 labels");
    }

    @Test
    void aGzipTooSmallForWhatItsHeaderAnnouncesIsRefusedBeforeAnythingIsAllocated() {
        TinyIdx.folder(dir, true, 10, 2);
        byte[] header = Arrays.copyOf(TinyIdx.images(0, 28, 28), 16);
        java.nio.ByteBuffer.wrap(header).putInt(4, 100_000); // 78 MB of pixels from a file of a few dozen bytes
        TinyIdx.write(dir.resolve("train-images-idx3-ubyte.gz"), header);

        assertThatThrownBy(() -> DataSources.load(idx("idx", ".", 0.1, null, "scale"), 1, dir))
                .isInstanceOf(DataException.class)
                .hasMessageMatching("train-images-idx3-ubyte.gz: \\d+ bytes compressed cannot hold the 78400016 bytes"
                        + " of content its header gives \\(100,000 images of 28x28\\): gzip compresses 1,032 to 1 at most;"
                        + " the header is wrong");
    }
}
