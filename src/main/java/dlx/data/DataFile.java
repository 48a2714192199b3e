package dlx.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A file of a data set, gzipped when its name ends in .gz.
 *
 * @param shown the name error messages give it: the path as the user wrote it, not as resolved
 * @param path  where it is
 */
record DataFile(String shown, Path path) {

    /** A file the config names, relative paths resolved against baseDir. */
    static DataFile of(String configured, Path baseDir) {
        return new DataFile(configured, baseDir.resolve(configured));
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
            throw error("no such file");
        } catch (IOException e) {
            throw error("cannot read (" + e.getMessage() + ")");
        }
    }

    /** The content, gunzipped if need be; the stored bytes are added to the fingerprint. */
    byte[] content(Fingerprint fingerprint) {
        byte[] stored = bytes(fingerprint);
        if (!isGzipped()) {
            return stored;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw error("not a valid gzip file (" + e.getMessage() + ")");
        }
    }

    /** The first n bytes of the content (fewer if it is shorter), reading no further. */
    byte[] head(int n) {
        try (InputStream stored = Files.newInputStream(path);
             InputStream in = isGzipped() ? new GZIPInputStream(stored) : stored) {
            return in.readNBytes(n);
        } catch (NoSuchFileException e) {
            throw error("no such file");
        } catch (IOException e) {
            throw error((isGzipped() ? "not a valid gzip file (" : "cannot read (") + e.getMessage() + ")");
        }
    }

    DataException error(String what) {
        return new DataException(shown + ": " + what);
    }
}
