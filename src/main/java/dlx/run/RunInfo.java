package dlx.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;

/**
 * run.json: what a run is and where it stands. Written when the run starts and rewritten at every
 * epoch and at the end, so a crashed run still tells what it was.
 *
 * @param status  running | completed | failed | diverged | interrupted | stopped-early; readers see a
 *                "running" run whose process is gone as crashed ({@link #currentStatus()})
 * @param backend cpu or cuda (earlier runs recorded ND4J's class name, CpuBackend)
 * @param device  the CPU's model or the GPUs' names
 * @param driver  the NVIDIA driver's version on CUDA; null on the CPU
 * @param processStarted when the process that writes the run (pid on host) started: so a reused pid is not
 *                taken for it ({@link RunProcess})
 * @param resumes one entry per {@code --resume}: when, and from which epoch and iteration
 */
public record RunInfo(String id, String name, String status, String started, String ended, List<String> command,
                      long seed, String dlxVersion, String backend, String device, String driver, Integer threads,
                      String datasetFingerprint, Long parameters, Integer epochsCompleted, Integer bestEpoch,
                      Long pid, String host, String processStarted, String javaVersion, String message, List<String> resumes) {

    public RunInfo withProgress(int epochsCompleted, Integer bestEpoch) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes);
    }

    public RunInfo withModel(String backend, String device, String driver, Integer threads, Long parameters) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes);
    }

    public RunInfo withFingerprint(String fingerprint) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                fingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes);
    }

    public RunInfo ended(String status, String ended, String message) {
        return new RunInfo(id, name, status, started, ended, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, pid, host, processStarted, javaVersion, message, resumes);
    }

    /** The status, except that a run said to be running whose process has died is "crashed". */
    public String currentStatus() {
        return "running".equals(status) && !processAlive() ? "crashed" : status;
    }

    /** Whether the process that wrote this record still runs: same pid, host and start time. */
    public boolean processAlive() {
        return pid != null && new RunProcess(pid, host, processStarted).alive();
    }

    /** The record of a run going on again in a new process. */
    public RunInfo resumed(String at, TrainingState from, RunProcess process) {
        List<String> all = new java.util.ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(at + " from epoch " + from.epochsCompleted() + ", iteration " + from.iteration());
        return new RunInfo(id, name, "running", started, null, command, seed, dlxVersion, backend, device, driver, threads,
                datasetFingerprint, parameters, epochsCompleted, bestEpoch, process.pid(), process.host(),
                process.started(), javaVersion, null, all);
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
            return Json.MAPPER.readValue(RunFolder.readText(folder.file("run.json"), dlx.Limits.SMALL_JSON_BYTES), RunInfo.class);
        } catch (IOException e) {
            throw new RunFolderException(folder.file("run.json") + ": unreadable (" + e.getMessage() + ")");
        }
    }
}
