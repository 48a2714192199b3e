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
    // The run folder's layout: every file dlx writes in it is named here and nowhere else.
    /** The run's resolved experiment. */
    public static final String CONFIG = "config.yaml";
    /** What the run is and how it stands: {@link RunInfo}. */
    public static final String RUN = "run.json";
    /** How the run ended and its numbers: {@link Summary}; written when training ends. */
    public static final String SUMMARY = "summary.json";
    /** One row per epoch. */
    public static final String METRICS = "metrics.csv";
    /** The training loss every training.log_every iterations and at each epoch's end. */
    public static final String STEPS = "metrics-steps.csv";
    /** Layer statistics every training.record iterations. */
    public static final String LAYERS = "layers.csv";
    /** The run's log, at debug level. */
    public static final String LOG = "train.log";
    /** The run's page: config, charts, scores. */
    public static final String REPORT = "report.html";
    /** Held by the process that trains in the folder: {@link RunLock}. */
    public static final String LOCK = "run.lock";
    /** The folder of checkpoints: {@link #LAST}, {@link #BEST} and {@link #epochCheckpoint}s. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The folder of the run's charts. */
    public static final String PLOTS = "plots";
    /** The newest checkpoint, in {@link #CHECKPOINTS}: what a resume goes on from. */
    public static final String LAST = "last.zip";
    /** The weights of the best epoch by training.checkpoint's metric, in {@link #CHECKPOINTS}. */
    public static final String BEST = "best.zip";
    private static final String EVALUATION = "eval-%s.json";
    private static final String EPOCH_CHECKPOINT = "epoch-%04d.zip";
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
            Files.createDirectory(dir.resolve(CHECKPOINTS));
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
        if (!Files.exists(dir.resolve(RUN)) && !Files.exists(dir.resolve(CONFIG))) {
            throw new RunFolderException(dir + ": not a run folder (no run.json)");
        }
        RunLock lock = RunLock.take(dir);
        try {
            Files.createDirectories(dir.resolve(CHECKPOINTS));
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
        if (!Files.isRegularFile(dir.resolve(RUN))) {
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
        for (Path folder : List.of(dir, checkpoints(), dir.resolve(PLOTS))) {
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
        return dir.resolve(CHECKPOINTS);
    }

    /** eval-SPLIT.json: what dlx eval, and training's end for the test split, scored on that split. */
    public static String evaluation(String split) {
        return String.format(EVALUATION, split);
    }

    /** Whether a file name is an {@link #evaluation}'s. */
    public static boolean isEvaluation(String name) {
        return name.matches("eval-\\w+\\.json");
    }

    /** checkpoints/epoch-NNNN.zip: the checkpoint of one epoch, the newest training.checkpoint.keep_last kept. */
    public static String epochCheckpoint(int epoch) {
        return String.format(java.util.Locale.ROOT, EPOCH_CHECKPOINT, epoch);
    }

    /** Whether a file name is an {@link #epochCheckpoint}'s. */
    public static boolean isEpochCheckpoint(String name) {
        return name.matches("epoch-\\d{4,}\\.zip");
    }

    /** Writes {@code value} as {@link Json#text} to the file {@code name}, atomically. */
    public void writeJson(String name, Object value) {
        writeAtomically(name, Json.text(value));
    }

    /**
     * Appends rows to the CSV file {@code name} ({@link Csv}), its header first when the file is new, in a single
     * write, so a killed run never leaves half a row.
     */
    public void appendRows(String name, List<?> header, List<? extends List<?>> rows) {
        StringBuilder text = new StringBuilder(Files.exists(file(name)) ? "" : Csv.line(header));
        rows.forEach(row -> text.append(Csv.line(row)));
        try {
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(name) + ": cannot write (" + e.getMessage() + ")", e);
        }
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
