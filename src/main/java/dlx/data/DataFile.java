package dlx.data;

import dlx.config.ConfigException;
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
