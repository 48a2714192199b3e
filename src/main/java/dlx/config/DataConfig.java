package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Where the examples come from and how they are split and normalised: one record per {@code source}. Every
 * source takes the keys below; each record adds its own, with its defaults and checks in its {@code resolve}
 * (docs/config.md lists them).
 *
 * <ul>
 *   <li>{@code validation_split}: the fraction of the training set held out for validation (seeded)</li>
 *   <li>{@code train_limit}: keep only the first N training examples after shuffling (absent: all)</li>
 *   <li>{@code normalize}: fitted on the training split</li>
 *   <li>{@code task}: chosen by csv, implied by the other sources (and checked when given)</li>
 * </ul>
 * The image sources (fashion-mnist, idx) also take {@code augment}: see {@link Augment}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "source")
@Variants.Default(DataConfig.FashionMnist.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface DataConfig permits DataConfig.FashionMnist, DataConfig.Idx, DataConfig.Csv, DataConfig.Synthetic {
    double DEFAULT_VALIDATION_SPLIT = 0.1;
    double DEFAULT_TEST_SPLIT = 0.2;

    Double validationSplit();

    Integer trainLimit();

    Normalization normalize();

    Task task();

    /** The file or folder read, or null for generated data. */
    default String path() {
        return null;
    }

    /** The fraction held out as the test set, or null where the source has its own test set. */
    default Double testSplit() {
        return null;
    }

    /** 1 when each example has one label; for the synthetic sequence tasks, one label per time step. */
    default int labelSteps() {
        return 1;
    }

    /** Random changes to the training images, or null for none; only the image sources take it. */
    default Augment augment() {
        return null;
    }

    /** Checks every value and fills every default; {@code at} is the section's path, {@code data}. */
    DataConfig resolve(String at);

    static DataConfig defaults() {
        return new FashionMnist(null, null, null, null, null, null);
    }

    /**
     * Data augmentation: each training image is changed at random, anew in every epoch, before the network sees it.
     * Validation, test and the training metrics read the images as they are. The changes drawn for an image depend
     * only on (seed, epoch, image), so a run is reproducible and a resumed run sees what the interrupted one would
     * have. They are applied in this order, to the normalised image:
     *
     * @param flip   mirror left-right with probability ½ (default false)
     * @param rotate turn by an angle drawn uniformly from [−rotate, rotate] degrees, about the centre, with bilinear
     *               interpolation; corners that come from outside the image are 0 (default 0: off)
     * @param shift  move by a whole number of pixels drawn from [−shift, shift], independently across and down; the
     *               edge pixels are repeated into the gap (Keras' fill_mode nearest) (default 0: off)
     * @param crop   pad each side with crop pixels of 0 and cut an image of the original size at a random place
     *               (torchvision's RandomCrop with padding) (default 0: off)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Augment(Boolean flip, Double rotate, Integer shift, Integer crop) {
        static final double MAX_ROTATE = 180;

        Augment resolve(String at) {
            double degrees = rotate == null ? 0 : rotate;
            if (!(degrees >= 0 && degrees <= MAX_ROTATE)) {
                throw new ConfigException(at + ".rotate", "must be >= 0 and <= " + (int) MAX_ROTATE
                        + " (degrees either way), got " + rotate);
            }
            return new Augment(flip != null && flip, degrees, Require.nonNegative(at + ".shift", shift == null ? 0 : shift),
                    Require.nonNegative(at + ".crop", crop == null ? 0 : crop));
        }

        /**
         * Refuses a shift or crop as wide as the image: every pixel would come from outside it.
         *
         * @param shape [height, width, channels] of the source's images
         */
        void requireFits(String at, java.util.List<Integer> shape) {
            int side = Math.min(shape.get(0), shape.get(1));
            String[] keys = {"shift", "crop"};
            int[] values = {shift, crop};
            for (int i = 0; i < keys.length; i++) {
                if (values[i] >= side) {
                    throw new ConfigException(at + "." + keys[i], values[i] + " pixels would move the whole "
                            + shape.get(0) + "x" + shape.get(1) + " image out of view; it must be below " + side);
                }
            }
        }
    }

    /** Fashion-MNIST as shipped in datasets/fashion-mnist (an IDX folder). */
    @JsonTypeName("fashion-mnist")
    record FashionMnist(String path, Double validationSplit, Integer trainLimit, Normalization normalize, Task task,
                        Augment augment) implements DataConfig {
        @Override
        public FashionMnist resolve(String at) {
            return new FashionMnist(path == null ? "datasets/fashion-mnist" : path, validation(at, validationSplit),
                    limit(at, trainLimit), normalization(normalize), implied(at, this, task, Task.CLASSIFICATION),
                    augmentation(at, augment));
        }
    }

    /** A folder with the four MNIST-format files, e.g. MNIST or KMNIST. */
    @JsonTypeName("idx")
    record Idx(String path, Double validationSplit, Integer trainLimit, Normalization normalize, Task task,
               Augment augment) implements DataConfig {
        @Override
        public Idx resolve(String at) {
            return new Idx(required(at + ".path", path, "a folder with the four IDX files"), validation(at, validationSplit),
                    limit(at, trainLimit), normalization(normalize), implied(at, this, task, Task.CLASSIFICATION),
                    augmentation(at, augment));
        }
    }

    /**
     * A CSV file with a header row: every column but {@code label} is a numeric feature.
     *
     * @param testPath a separate test file; without it {@code test_split} of the file is held out
     * @param label    the name of the label column (label)
     */
    @JsonTypeName("csv")
    record Csv(String path, String testPath, Double validationSplit, Double testSplit, Integer trainLimit,
               Normalization normalize, Task task, String label) implements DataConfig {
        @Override
        public Csv resolve(String at) {
            return new Csv(required(at + ".path", path, "a CSV file with a header row"), testPath,
                    validation(at, validationSplit), testPath == null ? testFraction(at, testSplit) : null,
                    limit(at, trainLimit), normalization(normalize), task == null ? Task.CLASSIFICATION : task,
                    label == null ? "label" : label);
        }
    }

    /**
     * Generated examples: {@code samples} of {@code kind}, with gaussian {@code noise} (xor, spirals, moons, sine),
     * {@code steps} per sequence (parity, running_sum, scale) or numbers of up to {@code digits} digits (addition).
     * Addition's features are token ids, so its {@code normalize} defaults to none.
     */
    @JsonTypeName("synthetic")
    record Synthetic(Double validationSplit, Double testSplit, Integer trainLimit, Normalization normalize, Task task,
                     SyntheticKind kind, Integer samples, Double noise, Integer steps, Integer digits)
            implements DataConfig {
        private static final int DEFAULT_SAMPLES = 1000;
        private static final double DEFAULT_NOISE = 0.1;
        private static final int DEFAULT_STEPS = 20;
        /** An octave: the eight notes of a major scale. */
        private static final int DEFAULT_SCALE_STEPS = 8;
        private static final int DEFAULT_DIGITS = 3;
        /** Sums of up to 10 digits: inputs of at most 19 characters. */
        private static final int MAX_DIGITS = 9;

        @Override
        public Synthetic resolve(String at) {
            SyntheticKind k = kind == null ? SyntheticKind.XOR : kind;
            String own = k.ownKey();
            String[] sizing = {"noise", "steps", "digits"};
            Object[] given = {noise, steps, digits};
            for (int i = 0; i < sizing.length; i++) {
                if (given[i] != null && !sizing[i].equals(own)) {
                    throw new ConfigException(at + "." + sizing[i], "not used by kind " + k + " (it takes: " + own + ")");
                }
            }
            int n = Require.positive(at + ".samples", samples == null ? DEFAULT_SAMPLES : samples);
            Integer d = own.equals("digits") ? additionDigits(at, n) : null;
            Normalization norm = normalize == null && k == SyntheticKind.ADDITION ? Normalization.NONE : normalization(normalize);
            return new Synthetic(validation(at, validationSplit), testFraction(at, testSplit), limit(at, trainLimit),
                    norm, implied(at, this, task, k.task()), k, n,
                    own.equals("noise") ? Require.nonNegative(at + ".noise", noise == null ? DEFAULT_NOISE : noise) : null,
                    own.equals("steps") ? Require.positive(at + ".steps", steps == null
                            ? (k == SyntheticKind.SCALE ? DEFAULT_SCALE_STEPS : DEFAULT_STEPS) : steps) : null,
                    d);
        }

        /**
         * Each pair of numbers comes once (a+b and b+a are one question), drawn until that many differ: at most half
         * the pairs, so that the draw stays quick.
         */
        private Integer additionDigits(String at, int n) {
            int d = Require.positive(at + ".digits", digits == null ? DEFAULT_DIGITS : digits);
            if (d > MAX_DIGITS) {
                throw new ConfigException(at + ".digits", "must be at most " + MAX_DIGITS + ", got " + d);
            }
            double numbers = Math.pow(10, d);
            double pairs = numbers * (numbers + 1) / 2;
            if (n > pairs / 2) {
                throw new ConfigException(at + ".samples", n + " but numbers of up to " + d + " digits make "
                        + (long) pairs + " different questions, and at most half of them are drawn; lower samples to "
                        + (long) (pairs / 2) + " or raise digits");
            }
            return d;
        }

        /** Per step: steps for parity, running_sum and scale; the answer's characters, digits + 1, for addition. */
        @Override
        public int labelSteps() {
            return switch (kind) {
                case PARITY, RUNNING_SUM, SCALE -> steps;
                case ADDITION -> digits + 1;
                default -> 1;
            };
        }
    }

    private static double validation(String at, Double given) {
        return Require.fraction(at + ".validation_split", given == null ? DEFAULT_VALIDATION_SPLIT : given, true);
    }

    private static double testFraction(String at, Double given) {
        return Require.fraction(at + ".test_split", given == null ? DEFAULT_TEST_SPLIT : given, false);
    }

    private static Integer limit(String at, Integer given) {
        return given == null ? null : Require.positive(at + ".train_limit", given);
    }

    private static Augment augmentation(String at, Augment given) {
        return given == null ? null : given.resolve(at + ".augment");
    }

    private static Normalization normalization(Normalization given) {
        return given == null ? Normalization.SCALE : given;
    }

    /** The task a source's data has; a config that names another one is refused. */
    private static Task implied(String at, DataConfig source, Task given, Task task) {
        if (given != null && given != task) {
            String kind = source instanceof Synthetic s && s.kind() != null ? " " + s.kind() : "";
            throw new ConfigException(at + ".task", Variants.label(source.getClass()) + kind + " is a " + task
                    + " dataset, got " + given);
        }
        return task;
    }

    private static String required(String path, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(path, "is required for this source: " + what);
        }
        return value;
    }
}
