package dlx.train;

import dlx.InvalidInputException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.run.Checkpoint;
import dlx.run.RunFolder;
import dlx.run.RunInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * What a resumed run trains: the run's own config, with {@code --set} overrides of the keys that can
 * change mid-run (the training loop's), and only if an experiment file passed along agrees with it.
 */
public final class Resumption {
    private Resumption() {
    }

    /**
     * @param saved     the config the checkpoint carries
     * @param overrides --set assignments
     * @param fromFile  the experiment file given with --config, with the same overrides, or null
     */
    public static Experiment experiment(Experiment saved, List<String> overrides, Experiment fromFile) {
        Experiment updated = ExperimentFile.parse(ExperimentFile.toYaml(saved), RunFolder.CONFIG, false, overrides,
                saved.name(), data -> null);
        for (String change : ExperimentFile.differences(saved, updated)) {
            if (!change.startsWith("training.")) {
                throw new InvalidInputException("--resume: " + change.substring(0, change.indexOf(':'))
                        + " cannot change in a resumed run (only training.* can: epochs, early_stopping, checkpoint,"
                        + " log_every); start a new run instead");
            }
        }
        if (fromFile != null) {
            List<String> differences = ExperimentFile.differences(updated, fromFile).stream()
                    .filter(d -> !d.startsWith("name:")).toList();
            if (!differences.isEmpty()) {
                throw new InvalidInputException("--resume: the experiment file differs from the run's config: "
                        + String.join("; ", differences)
                        + " (drop --config to go on as the run started, or --set a training.* key you mean to change)");
            }
        }
        return updated;
    }

    /**
     * Refuses a checkpoint that another run saved (copied into this run's checkpoints/): one that names another
     * run, or one trained with another config than the run's config.yaml (training.* aside, which a resume may
     * change). Checkpoints saved before dlx recorded their run are judged by their config alone.
     *
     * @param run       the run's run.json, or null if it has none
     * @param runConfig the run's config.yaml, or null if it has none
     */
    public static void requireOwn(Path file, Checkpoint.Loaded checkpoint, RunInfo run, Experiment runConfig) {
        String thisRun = requireOwn(file, checkpoint.identity(), run);
        if (runConfig != null) {
            List<String> differences = ExperimentFile.differences(runConfig, checkpoint.experiment()).stream()
                    .filter(d -> !d.startsWith("training.")).map(d -> d.length() > 120 ? d.substring(0, 120) + "…" : d)
                    .toList();
            if (!differences.isEmpty()) {
                throw new InvalidInputException(file + " was trained with another config than this run's config.yaml ("
                        + String.join("; ", differences.subList(0, Math.min(3, differences.size())))
                        + (differences.size() > 3 ? "; …" : "") + "): it is another run's checkpoint, not run " + thisRun
                        + "'s; put this run's own last.zip back");
            }
        }
    }

    /** Refuses a checkpoint whose identity names another run; returns this run's id. */
    public static String requireOwn(Path file, Checkpoint.Identity identity, RunInfo run) {
        String thisRun = run != null && run.id() != null ? run.id() : file.getParent().getParent().getFileName().toString();
        boolean otherId = identity != null && identity.runId() != null && !identity.runId().equals(thisRun);
        boolean otherUid = identity != null && identity.runUid() != null && run != null && run.uid() != null
                && !identity.runUid().equals(run.uid());
        if (otherId || otherUid) {
            throw new InvalidInputException(file + " belongs to " + (otherId ? "run " + identity.runId()
                    : "another run named " + thisRun + " (in another runs folder)") + ", not to this run "
                    + thisRun + ": it was copied from another run's folder; put this run's own "
                    + file.getFileName() + " back, or train that run with dlx train --resume in its own folder");
        }
        return thisRun;
    }
}
