package dlx.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dlx.Limits;
import java.util.List;
import java.util.function.Function;

/**
 * One experiment file, resolved: every default filled in, every value checked. This is what
 * config.yaml of a run holds and what a checkpoint carries.
 *
 * @param name  part of the run folder's name (default: the file name without extension)
 * @param seed  drives initialisation, shuffling, splits and dropout
 */
@JsonPropertyOrder({"name", "seed", "data", "model", "optimizer", "schedule", "regularization", "training"})
public record Experiment(String name, Long seed, DataConfig data, ModelConfig model, OptimizerConfig optimizer,
                         ScheduleConfig schedule, RegularizationConfig regularization, TrainingConfig training) {
    private static final long DEFAULT_SEED = 42;

    /**
     * Checks every value and fills every default.
     *
     * @param defaultName the name when the file gives none
     * @param dataInput   the input shape of the resolved data source's examples (reads file headers only)
     */
    public Experiment resolve(String defaultName, Function<DataConfig, List<Integer>> dataInput) {
        String runName = requireName(name == null || name.isBlank() ? defaultName : name);
        if (model == null) {
            throw new ConfigException("model", "is required: model.layers lists the network's layers");
        }
        DataConfig resolvedData = (data == null ? DataConfig.defaults() : data).resolve("data");
        Task task = resolvedData.task();
        List<Metric> metrics = Metric.perEpoch(task, resolvedData.validationSplit() > 0);
        List<Integer> dataShape = dataInput.apply(resolvedData);
        if (resolvedData.augment() != null && dataShape != null) {
            resolvedData.augment().requireFits("data.augment", dataShape);
        }
        ModelConfig resolvedModel = model.resolve("model", dataShape, task, resolvedData.labelSteps());
        if (resolvedModel.layers().get(0) instanceof LayerConfig.Embedding && resolvedData.normalize() != Normalization.NONE) {
            throw new ConfigException("data.normalize", "must be none when model.layers[0] is an embedding: it reads"
                    + " whole token ids, and " + resolvedData.normalize() + " would rescale them");
        }
        OptimizerConfig resolvedOptimizer = (optimizer == null ? new OptimizerConfig.Adam(null, null, null, null)
                : optimizer).resolve("optimizer");
        ScheduleConfig resolvedSchedule = (schedule == null ? new ScheduleConfig.Constant(null, null) : schedule)
                .resolve("schedule", metrics);
        return new Experiment(runName, seed == null ? DEFAULT_SEED : seed, resolvedData, resolvedModel, resolvedOptimizer,
                resolvedSchedule, (regularization == null ? RegularizationConfig.none() : regularization).resolve("regularization"),
                (training == null ? new TrainingConfig(null, null, null, null, null, null) : training)
                        .resolve("training", task, metrics));
    }

    /**
     * The same experiment under another run name, as {@code dlx train --name} gives it; a name that cannot be part
     * of a folder's name is refused as {@code --name}'s.
     */
    public Experiment named(String runName) {
        try {
            return new Experiment(requireName(runName), seed, data, model, optimizer, schedule, regularization, training);
        } catch (ConfigException e) {
            throw e.at("--");
        }
    }

    private static String requireName(String runName) {
        if (runName.length() > Limits.NAME_CHARS) {
            throw new ConfigException("name", String.format(java.util.Locale.ROOT, "'%s…' has %,d characters; a name may"
                    + " have at most %d (it becomes part of a folder name)", runName.substring(0, 20), runName.length(),
                    Limits.NAME_CHARS));
        }
        if (!runName.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("name", "'" + runName + "' may only hold letters, digits, '.', '_' and '-'"
                    + " (it becomes part of a folder name)");
        }
        return runName;
    }
}
