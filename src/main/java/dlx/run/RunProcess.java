package dlx.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that writes a run, as the OS knows it: pid, host and start time. Pids wrap within minutes
 * on a busy machine, so a pid alone does not tell whether the run's process still lives; with the start
 * time a reused pid is not mistaken for it.
 *
 * @param pid     the process id
 * @param host    the machine it runs on
 * @param started when the process started (ISO-8601), or null where the OS does not say
 */
public record RunProcess(long pid, String host, String started) {
    private static final RunProcess CURRENT = of(ProcessHandle.current());

    /** This process. */
    public static RunProcess current() {
        return CURRENT;
    }

    private static RunProcess of(ProcessHandle handle) {
        return new RunProcess(handle.pid(), thisHost(), handle.info().startInstant().map(Instant::toString).orElse(null));
    }

    /**
     * Whether this process still runs: on this host, the pid is alive and started when recorded. A process on
     * another host cannot be seen from here; it is taken to be alive (a shared runs directory, a cluster).
     */
    public boolean alive() {
        if (host != null && !host.equals(thisHost())) {
            return true;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        if (started == null) {
            return true; // recorded by an older dlx: the pid is all there is
        }
        Optional<Instant> now = handle.get().info().startInstant();
        try {
            return now.isEmpty() || Duration.between(Instant.parse(started), now.get()).abs().toMillis() < 1000;
        } catch (RuntimeException unreadable) {
            return true; // a damaged record: the pid is all there is
        }
    }

    /** Whether this is a process on this host that is alive: only then may the user be told to kill its pid. */
    public boolean aliveHere() {
        return (host == null || host.equals(thisHost())) && alive();
    }

    /** The host's name as the kernel knows it: no DNS lookup, which can hang for seconds on a badly set up network. */
    static String thisHost() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "unknown";
            }
        }
    }

    /** "pid 123 on host h, started 2026-11-23T12:00:00Z". */
    public String describe() {
        return "pid " + pid + " on host " + host + (started == null ? "" : ", started " + started);
    }
}
