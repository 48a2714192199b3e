package dlx.run;

import dlx.Limits;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run's folder, {@code runs/<yyyyMMdd-HHmmss>-<name>/}. Never reused: a clash with an existing
 * folder gets a -2, -3 … suffix, claimed with an atomic directory creation so concurrent runs
 * cannot share one. Whole files are written under a temporary name and renamed into place. A folder
 * opened to train in holds the run's {@link RunLock} until it is closed.
 */
public final class RunFolder implements AutoCloseable {
    /** The run's resolved experiment. */
    public static final String CONFIG = "config.yaml";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path dir;
    private final RunLock lock;

    private RunFolder(Path dir, RunLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** A new run's folder, locked by this process. */
    public static RunFolder create(Path runsDir, String name, LocalDateTime now) {
        Path dir = claim(runsDir, name, now);
        RunLock lock = RunLock.take(dir);
        try {
            Files.createDirectory(dir.resolve("checkpoints"));
        } catch (IOException e) {
            lock.close();
            throw new RunFolderException(dir + ": cannot create (" + e.getMessage() + ")");
        }
        return new RunFolder(dir, lock);
    }

    /**
     * An existing run's folder, to train in again ({@code --resume}): locked before anything in it is read, so
     * that of two processes started together one trains and the other is refused.
     */
    public static RunFolder lockForResume(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RunFolderException(dir + ": no such run folder");
        }
        if (!Files.exists(dir.resolve("run.json")) && !Files.exists(dir.resolve(CONFIG))) {
            throw new RunFolderException(dir + ": not a run folder (no run.json)");
        }
        RunLock lock = RunLock.take(dir);
        try {
            Files.createDirectories(dir.resolve("checkpoints"));
        } catch (IOException e) {
            lock.close();
            throw new RunFolderException(dir + ": cannot write in this run folder (" + e.getMessage() + ")");
        }
        return new RunFolder(dir, lock);
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

    /** An existing run's folder, to read, or to add an evaluation to; not locked. */
    public static RunFolder open(Path dir) {
        if (!Files.isRegularFile(dir.resolve("run.json"))) {
            throw new RunFolderException(dir + ": not a run folder (no run.json)");
        }
        return new RunFolder(dir, null);
    }

    /**
     * Deletes the temporary files a killed process left behind (file.tmp, written before its rename into place);
     * only the process holding the folder's lock may, as no other one writes in it. Returns what was deleted.
     */
    public List<Path> removeTemporaryFiles() {
        if (lock == null) {
            throw new IllegalStateException(dir + " is not locked by this process");
        }
        List<Path> removed = new ArrayList<>();
        for (Path folder : List.of(dir, checkpoints(), dir.resolve("plots"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path tmp : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(tmp);
                    removed.add(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(folder + ": cannot remove temporary files (" + e.getMessage() + ")", e);
            }
        }
        return removed;
    }

    /** Lets another process train in the folder: the end of this one's run. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
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

    /** config.yaml, the run's resolved experiment; null when the folder has none (a run killed as it started). */
    public Experiment config() {
        Path file = file(CONFIG);
        return Files.exists(file) ? ExperimentFile.fromResolvedYaml(readText(file, Limits.EXPERIMENT_FILE_BYTES),
                file.toString()) : null;
    }

    /**
     * A text file of a run folder, read no further than {@code limit} bytes: a run folder may come from anyone,
     * and a listing must not run out of memory on one file of gigabytes.
     */
    public static String readText(Path file, int limit) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(Limits.readAtMost(in, limit), StandardCharsets.UTF_8);
        } catch (Limits.TooLarge e) {
            throw new RunFolderException(file + ": " + e.getMessage() + "; dlx never writes one that big");
        } catch (NoSuchFileException e) {
            throw new RunFolderException(file + ": no such file");
        } catch (IOException e) {
            throw new RunFolderException(file + ": cannot read (" + e.getMessage() + ")");
        }
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
