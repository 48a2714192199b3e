package dlx.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the data files' bytes as stored, in the order they are added: for files,
 * {@code cat file1 file2 | sha256sum} gives the same hex.
 */
final class Fingerprint {
    private final MessageDigest sha256;

    Fingerprint() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    void add(byte[] bytes) {
        sha256.update(bytes);
    }

    void add(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
    }

    /** "sha256:&lt;hex&gt;"; the fingerprint cannot be added to afterwards. */
    String value() {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
