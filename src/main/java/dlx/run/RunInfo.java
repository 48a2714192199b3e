package dlx.run;

import dlx.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * run.json: what a run is and where it stands. Written when the run starts and rewritten at every
 * epoch and at the end, so a crashed run still tells what it was.
 *
 * @param status  where the run stands; readers see a running run whose process is gone as crashed
 *                ({@link #currentStatus()})
 * @param backend cpu or cuda (earlier runs recorded ND4J's class name, CpuBackend)
 * @param device  the CPU's model or the GPUs' names
 * @param driver  the NVIDIA driver's version on CUDA; null on the CPU
 * @param processStarted when the process that writes the run (pid on host) started: so a reused pid is not
 *                taken for it ({@link RunProcess})
 * @param resumes one entry per {@code --resume}: when, and from which epoch and iteration
 * @param uid     random and kept for the run's life: ids are unique only within one runs folder, and two runs
 *                started in the same second under the same name elsewhere share one; null for runs before it
 */
public record RunInfo(String id, String name, RunStatus status, String started, String ended, List<String> command,
                      long seed, String dlxVersion, String backend, String device, String driver, Integer threads,
                      String datasetFingerprint, Long parameters, Integer epochsCompleted, Integer bestEpoch,
                      Long pid, String host, String processStarted, String javaVersion, String message, List<String> resumes,
                      String uid) {

    /** run.json as a run starts: running in this process, under a new uid. */
    public static RunInfo starting(String id, String name, List<String> command, long seed, String datasetFingerprint) {
        RunProcess process = RunProcess.current();
        return new RunInfo(id, name, RunStatus.RUNNING, now(), null, command, seed, Version.current(), null, null, null,
                null, datasetFingerprint, null, 0, null, process.pid(), process.host(), process.started(),
                System.getProperty("java.version"), null, null, UUID.randomUUID().toString());
    }

    /** The time now, to the second, as run.json records times. */
    public static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public RunInfo withProgress(int epochsCompleted, Integer bestEpoch) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes, uid);
    }

    public RunInfo withModel(String backend, String device, String driver, Integer threads, Long parameters) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes, uid);
    }

    public RunInfo withFingerprint(String fingerprint) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                fingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes, uid);
    }

    public RunInfo ended(RunStatus status, String ended, String message) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes, uid);
    }

    /** The status, except that a run said to be running whose process has died is crashed. */
    public RunStatus currentStatus() {
        return status == RunStatus.RUNNING && !processAlive() ? RunStatus.CRASHED : status;
    }

    /** Whether the process that wrote this record still runs: same pid, host and start time. */
    public boolean processAlive() {
        return pid != null && new RunProcess(pid, host, processStarted).alive();
    }

    /** The record of a run going on again in a new process. */
    public RunInfo resumed(String at, TrainingState from, RunProcess process) {
        List<String> all = new java.util.ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(at + " from epoch " + from.epochsCompleted() + ", iteration " + from.iteration());
        return new RunInfo(id, name, RunStatus.RUNNING, started, null, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, process.pid(), process.host(),
                process.started(), javaVersion, null, all, uid);
    }

    public void writeTo(RunFolder folder) {
        synchronized (SEALED) {
            if (!SEALED.contains(folder.dir())) {
                write(folder);
            }
        }
    }

    private void write(RunFolder folder) {
        folder.writeJson(RunFolder.RUN, this);
    }

    /** Run folders whose run.json this process has written for the last time; also the lock of every write. */
    private static final Set<Path> SEALED = new HashSet<>();

    /**
     * Records that this process's run was interrupted, as the process quits at once (a second Ctrl-C): run.json
     * then says interrupted, not running (which readers would take for a crash once the process is gone), and
     * no write of this process replaces it. A run that has already ended keeps its status.
     */
    public static void interruptedAtOnce(RunFolder folder, String message) {
        synchronized (SEALED) {
            try {
                RunInfo info = readFrom(folder);
                if (info.status() == RunStatus.RUNNING && Long.valueOf(RunProcess.current().pid()).equals(info.pid())) {
                    info.ended(RunStatus.INTERRUPTED, now(), message)
                            .write(folder);
                }
            } catch (RuntimeException e) {
                // quitting regardless: run.json then says running, and the run reads as crashed
            }
            SEALED.add(folder.dir());
        }
    }

    public static RunInfo readFrom(RunFolder folder) {
        try {
            return Json.MAPPER.readValue(RunFolder.readText(folder.file(RunFolder.RUN), dlx.Limits.SMALL_JSON_BYTES), RunInfo.class);
        } catch (IOException e) {
            throw new RunFolderException(folder.file(RunFolder.RUN) + ": unreadable (" + e.getMessage() + ")");
        }
    }
}
