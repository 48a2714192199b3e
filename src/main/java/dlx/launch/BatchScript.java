package dlx.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sbatch script of one dlx job or job array. The job runs dlx so that nothing is lost:
 * <ul>
 *   <li>Slurm sends USR1 {@link #SIGNAL_LEAD_SECONDS} before the time limit ({@code --signal=B:USR1@…}, to this
 *       shell); the shell passes TERM on to dlx, which saves checkpoints/last.zip and ends {@code interrupted}, and
 *       the shell requeues its own task ({@code ARRAYJOB_TASK}, never the whole array) to go on from there.</li>
 *   <li>scancel, a requeue or preemption sends TERM to every process of the job: dlx saves and exits while this
 *       shell waits for it (a shell that died first would have Slurm kill dlx mid-save).</li>
 *   <li>A requeued job runs the same command again; that command resumes from the run's own last.zip.</li>
 * </ul>
 *
 * @param jobName     what squeue shows; all jobs of a sweep share it, so {@code scancel --name} stops the sweep
 * @param array       the array's task ids and limit ({@code 0-7%2}), or null for one job
 * @param after       a job id this one starts after (the previous rung of successive halving), or null
 * @param output      Slurm's own log of the job ({@code %A_%a} or {@code %j} patterns)
 * @param workDir     the job's directory: where relative config and data paths are read from
 * @param userOptions --slurm-opt values: partition, gres, time, account…
 * @param environment variables the job sets for dlx (DLX_BACKEND: a sweep's trials run on its backend)
 * @param dlxArgs     dlx's arguments; {@code $SLURM_ARRAY_TASK_ID} in one is left for the shell to expand
 */
public record BatchScript(String jobName, String array, String after, Path output, Path workDir,
                          List<String> userOptions, java.util.Map<String, String> environment, List<String> dlxArgs) {
    /** Seconds before the time limit that the job is told to save (Slurm may send it up to 60 s earlier). */
    public static final int SIGNAL_LEAD_SECONDS = 180;
    /** Stands for the array task's id in {@link #dlxArgs}. */
    public static final String TASK_ID = "$SLURM_ARRAY_TASK_ID";

    public String render() {
        List<String> lines = new ArrayList<>(List.of("#!/bin/bash", "#SBATCH --job-name=" + jobName));
        if (array != null) {
            lines.add("#SBATCH --array=" + array);
        }
        if (after != null) {
            lines.add("#SBATCH --dependency=afterany:" + after);
        }
        lines.addAll(List.of("#SBATCH --output=" + output, "#SBATCH --open-mode=append", "#SBATCH --chdir=" + workDir,
                "#SBATCH --requeue"));
        if (userOptions.stream().noneMatch(o -> o.startsWith("--signal"))) {
            lines.add("#SBATCH --signal=B:USR1@" + SIGNAL_LEAD_SECONDS);
        }
        userOptions.forEach(o -> lines.add("#SBATCH " + o));
        List<String> command = new ArrayList<>(DlxCommand.java(DlxCommand.inheritedOptions(true)));
        int main = command.indexOf("-cp");
        List<String> quoted = new ArrayList<>(command.subList(0, main).stream().map(BatchScript::quote).toList());
        quoted.add("\"${memory[@]}\"");
        command.subList(main, command.size()).forEach(a -> quoted.add(quote(a)));
        dlxArgs.forEach(a -> quoted.add(a.equals(TASK_ID) ? "\"" + TASK_ID + "\"" : quote(a)));
        lines.add("""
                # Written by dlx. Before the time limit Slurm sends USR1 to this shell: dlx gets TERM, saves
                # checkpoints/last.zip and this task requeues itself to go on from it. scancel, a requeue or
                # preemption send TERM to every process: dlx saves and exits while this shell waits for it.
                export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
                export DLX_BLAS_THREADS="${SLURM_CPUS_PER_TASK:-1}" # dlx's kernels: as many product threads as CPUs
                # the JVM's heap and ND4J's off-heap arrays fit the job's memory when it asks for some (--mem, --mem-per-cpu)
                mb="${SLURM_MEM_PER_NODE:-}"
                if [[ -z $mb && -n ${SLURM_MEM_PER_CPU:-} ]]; then mb=$((SLURM_MEM_PER_CPU * ${SLURM_CPUS_PER_TASK:-1})); fi
                memory=()
                if [[ -n $mb ]]; then
                  memory=("-Xmx$((mb / 3))m" "-Dorg.bytedeco.javacpp.maxbytes=$((mb * 2 / 3))m" "-Dorg.bytedeco.javacpp.maxphysicalbytes=${mb}m")
                fi
                time_limit=
                trap 'time_limit=1; kill -TERM "$dlx" 2> /dev/null' USR1
                trap ':' TERM
                echo "dlx: job ${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}${SLURM_ARRAY_TASK_ID:+_$SLURM_ARRAY_TASK_ID} on $(hostname)${SLURM_RESTART_COUNT:+, restart $SLURM_RESTART_COUNT}, $(date -Iseconds)"
                """.strip());
        environment.forEach((name, value) -> lines.add("export " + name + "=" + quote(value)));
        lines.add(String.join(" ", quoted) + " &");
        lines.add("""
                dlx=$!
                while kill -0 "$dlx" 2> /dev/null; do wait "$dlx"; done
                wait "$dlx"
                code=$?
                if [[ -n $time_limit && $code -eq 130 ]]; then
                  scontrol requeue "${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}${SLURM_ARRAY_TASK_ID:+_$SLURM_ARRAY_TASK_ID}"
                fi
                exit $code
                """);
        return String.join("\n", lines);
    }

    /** The shell's single quotes: nothing inside is expanded. */
    static String quote(String word) {
        return word.matches("[\\w@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** Task ids as sbatch's --array takes them: ranges and single ids, then the limit ({@code 0-3,5,7-9%2}). */
    public static String array(List<Integer> tasks, int limit) {
        List<String> parts = new ArrayList<>();
        List<Integer> sorted = tasks.stream().sorted().distinct().toList();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(sorted.get(i)) : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(",", parts) + "%" + limit;
    }
}
