package dlx.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One run's folder, {@code runs/<yyyyMMdd-HHmmss>-<name>/}. Never reused: a clash with an existing
 * folder gets a -2, -3 … suffix, claimed with an atomic directory creation so concurrent runs
 * cannot share one. Whole files are written under a temporary name and renamed into place.
 */
public final class RunFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    public static RunFolder create(Path runsDir, String name, LocalDateTime now) {
        Path dir = claim(runsDir, name, now);
        try {
            Files.createDirectory(dir.resolve("checkpoints"));
        } catch (IOException e) {
            throw new RunFolderException(dir + ": cannot create (" + e.getMessage() + ")");
        }
        return new RunFolder(dir);
    }

    /**
     * Creates and returns a new folder {@code <parent>/<yyyyMMdd-HHmmss>-<name>[-N]}: the atomic
     * creation decides which of several processes gets a name, the others take the next suffix.
     */
    public static Path claim(Path parent, String name, LocalDateTime now) {
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new RunFolderException(parent + ": cannot create the runs directory (" + e.getMessage() + ")");
        }
        String base = STAMP.format(now) + "-" + name;
        for (int suffix = 1; ; suffix++) {
            Path candidate = parent.resolve(suffix == 1 ? base : base + "-" + suffix);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier or a concurrent run: try the next suffix
            } catch (AccessDeniedException e) {
                throw new RunFolderException(parent + ": not writable");
            } catch (IOException e) {
                throw new RunFolderException(candidate + ": cannot create (" + e.getMessage() + ")");
            }
        }
    }

    public static RunFolder open(Path dir) {
        if (!Files.isRegularFile(dir.resolve("run.json"))) {
            throw new RunFolderException(dir + ": not a run folder (no run.json)");
        }
        return new RunFolder(dir);
    }

    /**
     * A folder to start a run in again from the beginning: it holds the run's config.yaml but no checkpoint to go
     * on from (prepared for a batch job by {@code --launcher slurm}, or killed before its first checkpoint).
     */
    public static RunFolder reopen(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.yaml"))) {
            throw new RunFolderException(dir + ": not a run folder (no config.yaml)");
        }
        try {
            Files.createDirectories(dir.resolve("checkpoints"));
        } catch (IOException e) {
            throw new RunFolderException(dir + ": cannot create checkpoints/ (" + e.getMessage() + ")");
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public String id() {
        return dir.getFileName().toString();
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public void writeAtomically(String name, String text) {
        writeAtomically(dir.resolve(name), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Appends one complete line in a single write, so a killed run never leaves half a row. */
    public void appendLine(String name, String line) {
        try {
            Files.writeString(dir.resolve(name), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What writes the content of a file. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes to {@code target}.tmp, syncs it to disk, then renames it over {@code target}. */
    public static void writeAtomically(Path target, Content content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that is what the caller needs to hear about
            }
            throw new UncheckedIOException(target + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
