package dlx.data;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * An IDX image file: magic 0x00000803 (unsigned bytes, 3 dimensions), then the big-endian image count,
 * height and width, then each image's pixels row by row.
 */
record IdxImages(DataFile file, int count, int height, int width, byte[] content) {
    private static final int MAGIC = 0x00000803;
    private static final int HEADER = 16;

    /** Reads the header first: the pixels it announces are checked against the file and the heap before any is read. */
    static IdxImages read(DataFile file, Fingerprint fingerprint) {
        ByteBuffer header = header(file, file.head(HEADER));
        int count = header.getInt(4);
        int height = header.getInt(8);
        int width = header.getInt(12);
        long pixels = (long) count * height * width;
        String what = String.format(Locale.ROOT, "%,d images of %dx%d", count, height, width);
        file.requireRoomFor(pixels, what);
        return new IdxImages(file, count, height, width, file.content(fingerprint, HEADER + pixels, what));
    }

    /** [height, width, 1], from the header alone. */
    static List<Integer> shape(DataFile file) {
        ByteBuffer header = header(file, file.head(HEADER));
        return List.of(header.getInt(8), header.getInt(12), 1);
    }

    private static ByteBuffer header(DataFile file, byte[] content) {
        ByteBuffer header = ByteBuffer.wrap(content); // big-endian, as IDX is
        if (content.length >= 4 && header.getInt(0) != MAGIC) {
            throw file.error(String.format("not an IDX image file (magic 0x%08x at offset 0, expected 0x%08x)",
                    header.getInt(0), MAGIC));
        }
        if (content.length < HEADER) {
            throw file.error("file ends at byte " + content.length + ", expected an IDX header of " + HEADER
                    + " bytes");
        }
        String[] names = {"image count", "height", "width"};
        for (int i = 0; i < names.length; i++) {
            int value = header.getInt(4 + 4 * i);
            if (value < (i == 0 ? 0 : 1)) {
                throw file.error(names[i] + " " + value + " at offset " + (4 + 4 * i) + " is not a valid size");
            }
        }
        return header;
    }

    int pixels() {
        return height * width;
    }

    /** The pixels of the given images as floats 0..255, one row per image. */
    float[] features(int[] images) {
        int pixels = pixels();
        float[] features = new float[images.length * pixels];
        for (int i = 0; i < images.length; i++) {
            int from = HEADER + images[i] * pixels;
            int to = i * pixels;
            for (int p = 0; p < pixels; p++) {
                features[to + p] = content[from + p] & 0xFF;
            }
        }
        return features;
    }
}
