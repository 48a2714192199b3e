package dlx.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small IDX files for tests, gzipped when the name ends in .gz. In a folder written by
 * {@link #folder}, pixel p of image i is (i + p) mod 256 and image i's label is i mod 3, so any row
 * can be traced back to its image: its first pixel is the image number.
 */
final class TinyIdx {
    static final int HEIGHT = 2;
    static final int WIDTH = 3;

    private TinyIdx() {
    }

    static void folder(Path folder, boolean gzipped, int trainImages, int testImages) {
        String gz = gzipped ? ".gz" : "";
        write(folder.resolve("train-images-idx3-ubyte" + gz), images(trainImages, HEIGHT, WIDTH));
        write(folder.resolve("train-labels-idx1-ubyte" + gz), labels(trainImages));
        write(folder.resolve("t10k-images-idx3-ubyte" + gz), images(testImages, HEIGHT, WIDTH));
        write(folder.resolve("t10k-labels-idx1-ubyte" + gz), labels(testImages));
    }

    static byte[] images(int count, int height, int width) {
        return content(out -> {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(height);
            out.writeInt(width);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < height * width; p++) {
                    out.writeByte((i + p) % 256);
                }
            }
        });
    }

    static byte[] labels(int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3;
        }
        return labels(labels);
    }

    static byte[] labels(int... labels) {
        return content(out -> {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        });
    }

    static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = file.toString().endsWith(".gz")
                    ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
                out.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] content(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
