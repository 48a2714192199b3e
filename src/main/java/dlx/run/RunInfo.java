package dlx.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * run.json: what a run is and where it stands. Written when the run starts and rewritten at every
 * epoch and at the end, so a crashed run still tells what it was.
 *
 * @param status  running | completed | failed | diverged | interrupted | stopped-early; readers see a
 *                "running" run whose process is gone as crashed ({@link #currentStatus()})
 * @param resumes one entry per {@code --resume}: when, and from which epoch and iteration
 */
public record RunInfo(String id, String name, String status, String started, String ended, List<String> command,
                      long seed, String dlxVersion, String backend, String device, Integer threads,
                      String datasetFingerprint, Long parameters, Integer epochsCompleted, Integer bestEpoch,
                      Long pid, String host, String javaVersion, String message, List<String> resumes) {

    public RunInfo withProgress(int epochsCompleted, Integer bestEpoch) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, javaVersion, message, resumes);
    }

    public RunInfo withModel(String backend, String device, Integer threads, Long parameters) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, javaVersion, message, resumes);
    }

    public RunInfo withFingerprint(String fingerprint) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, threads,
                fingerprint, parameters, epochsCompleted, bestEpoch, pid, host, javaVersion, message, resumes);
    }

    public RunInfo ended(String status, String ended, String message) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, javaVersion, message, resumes);
    }

    /**
     * The status, except that a run said to be running whose process has died is "crashed". A run on another
     * machine (a cluster's node) stays "running": its process cannot be looked up from here.
     */
    public String currentStatus() {
        return "running".equals(status) && onThisHost() && !processAlive() ? "crashed" : status;
    }

    /** Whether the run's process runs (or ran) on this machine, where its pid means something. */
    public boolean onThisHost() {
        return host == null || host.equals(ThisHost.NAME);
    }

    private static final class ThisHost {
        static final String NAME = name();

        private static String name() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    /** Whether the process that wrote this record still runs (a reused PID of another program aside). */
    public boolean processAlive() {
        return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The record of a run going on again in a new process. */
    public RunInfo resumed(String at, TrainingState from, long newPid) {
        List<String> all = new java.util.ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(at + " from epoch " + from.epochsCompleted() + ", iteration " + from.iteration());
        return new RunInfo(id, name, "running", started, null, command, seed, dlxVersion, backend, device, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, newPid, host, javaVersion, null, all);
    }

    public void writeTo(RunFolder folder) {
        try {
            folder.writeAtomically("run.json", Json.MAPPER.writeValueAsString(this) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run.json always serializes", e);
        }
    }

    public static RunInfo readFrom(RunFolder folder) {
        try {
            return Json.MAPPER.readValue(Files.readString(folder.file("run.json")), RunInfo.class);
        } catch (IOException e) {
            throw new RunFolderException(folder.file("run.json") + ": unreadable (" + e.getMessage() + ")");
        }
    }
}
