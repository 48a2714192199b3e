package dlx.data;

import dlx.config.DataConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A folder with the four IDX files of an MNIST-like image set (each may be gzipped): train-* for the
 * training and validation sets, t10k-* for the test set.
 */
final class IdxFolder {
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private IdxFolder() {
    }

    static List<Integer> inputShape(DataConfig data, Path baseDir) {
        return IdxImages.shape(files(data, baseDir).get(0));
    }

    static SourceData read(DataConfig data, Path baseDir) {
        List<DataFile> files = files(data, baseDir);
        Fingerprint fingerprint = new Fingerprint();
        LabelledImages train = LabelledImages.read(files.get(0), files.get(1), fingerprint);
        LabelledImages test = LabelledImages.read(files.get(2), files.get(3), fingerprint);
        if (test.images.height() != train.images.height() || test.images.width() != train.images.width()) {
            throw test.images.file().error(test.images.height() + "x" + test.images.width() + " images but "
                    + train.images.file().path().getFileName() + " has " + train.images.height() + "x"
                    + train.images.width());
        }
        List<String> classNames;
        if (data instanceof DataConfig.FashionMnist) {
            train.requireLabelsBelow(FASHION_MNIST_CLASSES.size());
            test.requireLabelsBelow(FASHION_MNIST_CLASSES.size());
            classNames = FASHION_MNIST_CLASSES;
        } else {
            classNames = numbered(train.labels, test.labels);
        }
        return new SourceData(train, test, List.of(train.images.height(), train.images.width(), 1),
                classNames.size(), classNames, fingerprint.value(), true, List.of());
    }

    /** The class names from the label files alone (fashion-mnist: its own ten), for dlx config validate. */
    static List<String> classNames(DataConfig data, Path baseDir) {
        if (data instanceof DataConfig.FashionMnist) {
            return FASHION_MNIST_CLASSES;
        }
        List<DataFile> files = files(data, baseDir);
        Fingerprint unused = new Fingerprint();
        return numbered(IdxLabels.read(files.get(1), unused), IdxLabels.read(files.get(3), unused));
    }

    /** 0 to the largest label of either file: a plain IDX folder names its classes by number. */
    private static List<String> numbered(IdxLabels train, IdxLabels test) {
        int classes = Math.max(train.maxLabel(), test.maxLabel()) + 1;
        return IntStream.range(0, classes).mapToObj(String::valueOf).toList();
    }

    /** The four files, in fingerprint order; checks they all exist before any is read. */
    private static List<DataFile> files(DataConfig data, Path baseDir) {
        DataFile folder = DataFile.of("data.path", data.path(), baseDir);
        if (!Files.isDirectory(folder.path())) {
            throw folder.unusable(Files.exists(folder.path()) ? "not a folder" : "no such folder");
        }
        List<DataFile> files = new ArrayList<>();
        for (String name : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            files.add(find(folder, name));
        }
        return files;
    }

    private static DataFile find(DataFile folder, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            if (Files.isRegularFile(folder.path().resolve(candidate))) {
                return folder.inside(candidate);
            }
        }
        throw folder.unusable("no " + name + " or " + name + ".gz");
    }

    /** An image file and its label file, which must hold as many labels as there are images. */
    private record LabelledImages(IdxImages images, IdxLabels labels) implements Examples {
        static LabelledImages read(DataFile imageFile, DataFile labelFile, Fingerprint fingerprint) {
            IdxImages images = IdxImages.read(imageFile, fingerprint);
            IdxLabels labels = IdxLabels.read(labelFile, fingerprint);
            if (images.count() != labels.count()) {
                throw imageFile.error(images.count() + " images but " + labelFile.path().getFileName() + " has "
                        + labels.count() + " labels");
            }
            return new LabelledImages(images, labels);
        }

        void requireLabelsBelow(int classes) {
            for (int i = 0; i < labels.count(); i++) {
                if (labels.label(i) >= classes) {
                    throw labels.file().error("label " + labels.label(i) + " at offset " + labels.offset(i)
                            + ", expected 0 to " + (classes - 1));
                }
            }
        }

        @Override
        public int rows() {
            return images.count();
        }

        @Override
        public Split select(int[] rowIndices) {
            return new Split(images.features(rowIndices), rowIndices.length, images.pixels(),
                    labels.select(rowIndices), null);
        }
    }
}
