package dlx.data;

import dlx.config.ConfigException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A file of a data set, gzipped when its name ends in .gz.
 *
 * @param key   the config key that names it ({@code data.path}, {@code data.test_path}), or null for a file found
 *              in a folder the config names: a file that is missing is then an error of that key
 * @param shown the name error messages give it: the path as the user wrote it, not as resolved
 * @param path  where it is
 */
record DataFile(String key, String shown, Path path) {

    /** A file the config names at {@code key}, relative paths resolved against baseDir. */
    static DataFile of(String key, String configured, Path baseDir) {
        return new DataFile(key, configured, baseDir.resolve(configured));
    }

    /** A file in this folder. */
    DataFile inside(String name) {
        return new DataFile(null, Path.of(shown).resolve(name).normalize().toString(), path.resolve(name));
    }

    boolean isGzipped() {
        return path.getFileName().toString().endsWith(".gz");
    }

    /** The bytes as stored, added to the fingerprint. */
    byte[] bytes(Fingerprint fingerprint) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            fingerprint.add(bytes);
            return bytes;
        } catch (NoSuchFileException e) {
            throw unusable("no such file");
        } catch (IOException e) {
            throw unusable("cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * The content, gunzipped if need be, which its header says is {@code expected} bytes long; the stored bytes are
     * added to the fingerprint. Nothing beyond {@code expected} is inflated or held, so a small .gz that inflates to
     * gigabytes is refused, not read; a file longer or shorter than its header says is refused before it is read.
     *
     * @param what what the header says the content is, for the message ("10 images of 28x28")
     */
    byte[] content(Fingerprint fingerprint, long expected, String what) {
        long stored = size();
        if (!isGzipped() && stored != expected) {
            throw error(stored < expected ? "file ends at byte " + stored + ", expected " + expected + " bytes"
                    : stored + " bytes, expected " + expected + " for " + what);
        }
        // deflate compresses 1,032 to 1 at most, and adds at most 5 bytes per 16 KB block to what it cannot compress
        if (isGzipped() && expected > stored * 1032 + 65536) {
            throw error(stored + " bytes compressed cannot hold the " + expected + " bytes of content its header gives ("
                    + what + "): gzip compresses 1,032 to 1 at most; the header is wrong");
        }
        if (isGzipped() && stored > expected + expected / 1024 + 65536) {
            throw error(stored + " bytes compressed, more than " + expected + " bytes of content (" + what
                    + ") can take: the header is wrong or the file holds more than it says");
        }
        byte[] content = new byte[(int) expected];
        try (InputStream raw = Files.newInputStream(path);
             InputStream digested = new DigestingStream(raw, fingerprint);
             InputStream in = isGzipped() ? new GZIPInputStream(digested, 65536) : digested) {
            int read = in.readNBytes(content, 0, content.length);
            if (read < expected) {
                throw error("file ends at byte " + read + ", expected " + expected + " bytes");
            }
            if (in.read() != -1) {
                throw error("inflates to more than the " + expected + " bytes its header gives (" + what + ")");
            }
            digested.transferTo(OutputStream.nullOutputStream()); // gzip's trailer, for the fingerprint
            return content;
        } catch (NoSuchFileException e) {
            throw error("no such file");
        } catch (ZipException | EOFException e) {
            throw error("not a valid gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw error("cannot read (" + e.getMessage() + ")");
        }
    }

    private long size() {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            throw error("no such file");
        } catch (IOException e) {
            throw error("cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * Refuses a header whose content would not fit in the heap once loaded: each pixel or label is held as a byte
     * as read and as a float in its split, so a false count is refused in one line instead of exhausting memory.
     */
    void requireRoomFor(long values, String what) {
        long needed = values * (1 + Float.BYTES);
        long heap = Runtime.getRuntime().maxMemory();
        if (values > Integer.MAX_VALUE - 16 || needed > heap) {
            throw error("its header gives " + what + ": " + String.format(java.util.Locale.ROOT, "%,d", needed)
                    + " bytes once loaded, more than the " + String.format(java.util.Locale.ROOT, "%,d", heap)
                    + " bytes of heap dlx has; the header is wrong, or give dlx more memory (-Xmx in DLX_JAVA_OPTS)");
        }
    }

    /** Adds what passes through to the fingerprint: the data's stored bytes, read once. */
    private static final class DigestingStream extends FilterInputStream {
        private final Fingerprint fingerprint;

        DigestingStream(InputStream in, Fingerprint fingerprint) {
            super(in);
            this.fingerprint = fingerprint;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                fingerprint.add(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                fingerprint.add(buffer, offset, n);
            }
            return n;
        }
    }

    /** The first n bytes of the content (fewer if it is shorter), reading no further. */
    byte[] head(int n) {
        try (InputStream stored = Files.newInputStream(path);
             InputStream in = isGzipped() ? new GZIPInputStream(stored) : stored) {
            return in.readNBytes(n);
        } catch (NoSuchFileException e) {
            throw unusable("no such file");
        } catch (IOException e) {
            throw isGzipped() ? error("not a valid gzip file (" + e.getMessage() + ")") : unusable("cannot read ("
                    + e.getMessage() + ")");
        }
    }

    /** Something wrong inside the file: the message names the file and where in it. */
    DataException error(String what) {
        return new DataException(shown + ": " + what);
    }

    /**
     * The file (or folder) the config names is not there or cannot be read: an error of the config's key, which
     * the command then shows at its line in the experiment file.
     */
    RuntimeException unusable(String what) {
        return key == null ? error(what) : new ConfigException(key, shown + ": " + what);
    }
}
