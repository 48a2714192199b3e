package dlx.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.InvalidInputException;
import dlx.config.Experiment;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.model.GradientCheck;
import dlx.run.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check backpropagation against numerical gradients: the experiment's network, built in double"
                + " precision from its seed, on the first --examples examples of its training data. Each checked weight w"
                + " is moved to w ± ε, and (L(w + ε) − L(w − ε)) / 2ε is compared with the gradient backpropagation"
                + " gives. The relative error is |a − n| / max(|a|, |n|, 1e-6); the check passes when none exceeds"
                + " --threshold.",
                "It prints one row per layer and parameter array (W weights, b biases, RW recurrent weights, gamma and"
                        + " beta) with the largest and mean relative error. Dropout is off during the check and"
                        + " regularization is left out; batch normalization uses the batch's statistics, as in"
                        + " training, and its running mean and variance are not checked. The output names each of these."},
        footer = {"", "Exit codes: 0 the check passed, 1 it failed, 2 bad usage or input.", "",
                "Examples:",
                "  dlx gradcheck --config configs/xor.yaml",
                "  dlx gradcheck --config configs/lenet5.yaml --examples 2 --per-param 20",
                "  dlx gradcheck --config exp.yaml --set model.layers[0].activation=sigmoid --per-param 0",
                "  dlx gradcheck --config exp.yaml --json | jq .passed"})
public final class GradcheckCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The experiment file (.yaml, .yml or .json).")
    Path config;

    @Mixin
    OverrideOptions set;

    @Option(names = "--examples", paramLabel = "N", description = "Examples the loss is taken over: the first N of"
            + " the training split (default: 4).")
    int examples = GradientCheck.Settings.DEFAULTS.examples();

    @Option(names = "--epsilon", paramLabel = "E", description = "The step ε of the central differences (default: 1e-6).")
    double epsilon = GradientCheck.Settings.DEFAULTS.epsilon();

    @Option(names = "--threshold", paramLabel = "T", description = "The largest relative error that passes"
            + " (default: 1e-3).")
    double threshold = GradientCheck.Settings.DEFAULTS.threshold();

    @Option(names = "--per-param", paramLabel = "N", description = "Values checked per parameter array: a seeded sample"
            + " of N when it has more; 0 checks every one (default: 100). Each value costs two forward passes.")
    int perParameter = GradientCheck.Settings.DEFAULTS.perParameter();

    @Mixin
    JsonOption output;

    @Mixin
    BackendOptions backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (examples <= 0) {
            throw new InvalidInputException("--examples: must be > 0, got " + examples);
        }
        requirePositive("--epsilon", epsilon);
        requirePositive("--threshold", threshold);
        if (perParameter < 0) {
            throw new InvalidInputException("--per-param: must be >= 0 (0 checks every value), got " + perParameter);
        }
        Experiment experiment = ConfigCommand.load(config, set.overrides);
        backend.announce(backend.place());
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), Path.of("").toAbsolutePath());
        experiment.model().requireClasses(data.classNames());
        if (data.train().rows() == 0) {
            throw new InvalidInputException(config + ": the training split is empty; the check needs examples from it");
        }
        experiment.model().embeddingVocab().ifPresent(vocab -> data.train().requireTokenIds(vocab, "the training split"));
        GradientCheck.Report report = GradientCheck.run(experiment, data,
                new GradientCheck.Settings(examples, epsilon, threshold, perParameter));

        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("config", config.toString());
            node.setAll((ObjectNode) Json.MAPPER.valueToTree(report));
            out.println(Json.MAPPER.writeValueAsString(node));
        } else {
            out.printf(Locale.ROOT, "gradient check of %s: %d examples of the training split, double precision,"
                            + " central differences with epsilon %.0e, threshold %.0e%n", config, report.examples(),
                    report.epsilon(), report.threshold());
            out.print(report.table());
        }
        out.flush();
        return report.passed() ? ExitCodes.DONE : ExitCodes.FAILED;
    }

    private static void requirePositive(String option, double value) {
        if (!(value > 0)) {
            throw new InvalidInputException(option + ": must be > 0, got " + value);
        }
    }
}
