package dlx.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The run folder's run.lock, held with an OS file lock by the one process that writes the run, from before
 * it reads anything in the folder until it exits. A second writer (another {@code --resume}, a sweep
 * trial) cannot take it, however close together they start, and is refused. The OS drops the lock when the
 * process dies, even by kill -9, so a crashed run never stays locked. The file holds its last holder
 * (pid, host, start time), for the message a refused process prints.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the run folder {@code dir}, or throws a {@link RunFolderException} that says who holds it. */
    static RunLock take(Path dir) {
        Path file = dir.resolve(RunFolder.LOCK);
        byte[] record = record(); // made before locking: a refused process reads it a moment after the lock is taken
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new RunFolderException(dir + ": not writable (a run folder must be writable to train in it)");
        } catch (FileSystemException e) {
            throw new RunFolderException(dir + ": cannot write in this run folder (" + e.getReason() + ")");
        } catch (IOException e) {
            throw new RunFolderException(dir + ": cannot write in this run folder (" + e.getMessage() + ")");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new RunFolderException(dir + ": cannot lock the run folder (" + e.getMessage() + ")");
        }
        if (lock == null) {
            close(channel);
            throw new RunFolderException(dir + ": another dlx process is writing this run" + holder(file)
                    + "; wait for it to end or stop it first");
        }
        try {
            channel.write(ByteBuffer.wrap(record), 0);
            channel.truncate(record.length);
        } catch (IOException e) {
            // the lock is what counts; its holder's record only makes a refusal clearer
        }
        return new RunLock(channel, lock);
    }

    private static byte[] record() {
        try {
            return Json.MAPPER.writeValueAsBytes(RunProcess.current());
        } catch (IOException e) {
            throw new IllegalStateException("a process record always serializes", e);
        }
    }

    /**
     * " (pid 123 on host h, started …; Ctrl-C in its terminal, or kill 123)", as far as run.lock tells. A holder
     * that took the lock a moment ago may not have written its record yet: it is given a second to do so.
     */
    private static String holder(Path file) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            try {
                byte[] record;
                try (InputStream in = Files.newInputStream(file)) {
                    record = in.readNBytes(4096); // a few hundred bytes when dlx wrote it
                }
                RunProcess holder = Json.MAPPER.readValue(record, RunProcess.class);
                return " (" + holder.describe()
                        + (holder.aliveHere() ? "; Ctrl-C in its terminal, or kill " + holder.pid() : "") + ")";
            } catch (IOException | RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    return ""; // written by an older dlx, or damaged
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "";
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it that is not already on disk
        }
    }
}
