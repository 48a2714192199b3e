package dlx.train;

import dlx.InvalidInputException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
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
        Experiment updated = ExperimentFile.parse(ExperimentFile.toYaml(saved), "config.yaml", false, overrides,
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
}
