package dlx;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * How much of a file dlx reads before it gives up on it: every input may come from someone else (a shared
 * checkpoint, a downloaded data set, a config from a colleague), so none is read without a bound. The
 * bounds are far above what dlx itself writes or ships.
 */
public final class Limits {
    /** An experiment file (and config.yaml): the largest shipped config is 2 KB. */
    public static final int EXPERIMENT_FILE_BYTES = 256 << 10;
    /** A line of a YAML experiment file: SnakeYAML's time grows with the square of a line's length. */
    public static final int YAML_LINE_CHARS = 10_000;
    /** A run's name: it becomes part of a folder name, and file systems allow 255 bytes for one. */
    public static final int NAME_CHARS = 100;
    /** A small JSON file dlx writes (state.json, a checkpoint's identity, run.json): a few KB at most. */
    public static final int SMALL_JSON_BYTES = 1 << 20;
    /** DL4J's description of the network in a checkpoint (configuration.json): a few hundred KB for a deep CNN. */
    public static final int NETWORK_CONFIG_BYTES = 64 << 20;
    /**
     * A checkpoint's preprocessing.json: two floats per input value (an offset and a divisor), 20 KB for 28x28 images,
     * about 2 MB for 256x256 ones.
     */
    public static final int PREPROCESSING_BYTES = 64 << 20;
    /** One image dlx predict decodes: 64M pixels (8000x8000), 256 MB as ARGB, a quarter of the launcher's heap. */
    public static final long IMAGE_PIXELS = 64L << 20;

    private Limits() {
    }

    /**
     * The bytes of an array of weights that a checkpoint may hold: a quarter of the heap, as the bytes are held
     * two or three times while DL4J restores them. With the launcher's -Xmx2g that is a network of 128M floats.
     */
    public static long weightBytes() {
        return Math.min(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Reads {@code in} to its end, or throws {@link TooLarge} as soon as it holds more than {@code limit} bytes:
     * what a header or a zip entry claims about its size is not trusted, only what is actually read.
     */
    public static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1));
        if (bytes.length > limit) {
            throw new TooLarge(limit);
        }
        return bytes;
    }

    /** "1 MB", "512 MB", "64 KB": a limit in words. */
    public static String bytes(long bytes) {
        if (bytes >= 1 << 30 && bytes % (1 << 30) == 0) {
            return bytes / (1 << 30) + " GB";
        }
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%,d MB", bytes >> 20);
        }
        return bytes >= 1 << 10 ? String.format(Locale.ROOT, "%,d KB", bytes >> 10) : bytes + " bytes";
    }

    /** More bytes than a limit allows; the caller names the file. */
    public static final class TooLarge extends IOException {
        private final long limit;

        TooLarge(long limit) {
            super("more than " + bytes(limit));
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }
}
