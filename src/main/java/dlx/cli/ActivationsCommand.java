package dlx.cli;

import dlx.InvalidInputException;
import dlx.config.ConfigException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.ActivationSample;
import dlx.report.ActivationHistograms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "activations", mixinStandardHelpOptions = true,
        description = {"Draw a histogram of each layer's activations for random inputs, before any training: one row"
                + " of panels per --config, one panel per layer but the output layer.",
                "The inputs are --inputs examples of model.input's shape (or, when the file has no model.input, of its"
                        + " data's), every value drawn from the standard normal distribution N(0, 1) with --seed. The"
                        + " weights are initialised as the config says, from its seed. Dropout is off. The panels of a"
                        + " row share their axes; sigmoid and tanh panels span the function's range. ReLU outputs that"
                        + " are exactly 0 are not drawn: the panel's title gives their share."},
        footer = {"", "Each --config starts a row; the --set and --label after it belong to that row.", "",
                "Examples:",
                "  dlx activations --config configs/notes/init-sigmoid.yaml --out sigmoid.png",
                "  dlx activations --config exp.yaml --set model.defaults.init=he --label He \\",
                "      --config exp.yaml --set model.defaults.init=xavier --label Xavier --out init.png",
                "  dlx activations --config a.yaml --config b.yaml --inputs 500 --out ab.svg"})
public final class ActivationsCommand implements Callable<Integer> {
    @ArgGroup(exclusive = false, multiplicity = "1..*")
    List<Variant> variants;

    /** One row of the picture. */
    static final class Variant {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "An experiment file: starts a row.")
        Path config;

        // no initial list: picocli would share one among the rows
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of this row's config.")
        List<String> overrides;

        List<String> overrides() {
            return overrides == null ? List.of() : overrides;
        }

        @Option(names = "--label", paramLabel = "TEXT",
                description = "The row's heading (default: its --set values, or the config's name).")
        String label;
    }

    @Option(names = "--inputs", defaultValue = "1000", paramLabel = "N", description = "Random examples fed to each"
            + " network (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seeds the random inputs, the same"
            + " for every row (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bins", defaultValue = "30", paramLabel = "N", description = "Bars per histogram"
            + " (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--out", defaultValue = "activations.png", paramLabel = "FILE",
            description = "A .png or .svg file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (inputs <= 0 || bins <= 0) {
            throw new InvalidInputException((inputs <= 0 ? "--inputs " + inputs : "--bins " + bins) + ": must be > 0");
        }
        PictureFile.require(out, ".png", ".svg");
        backend.announce(backend.place());
        List<ActivationHistograms.Row> rows = new ArrayList<>();
        for (Variant variant : variants) {
            Experiment experiment = load(variant);
            String heading = variant.label != null ? variant.label
                    : variant.overrides().isEmpty() ? experiment.name() : String.join(", ", variant.overrides());
            rows.add(new ActivationHistograms.Row(heading, ActivationSample.of(experiment, inputs, seed)));
        }
        ActivationHistograms.write(out, rows, bins);
        spec.commandLine().getOut().println(out);
        return ExitCodes.DONE;
    }

    /** Random inputs need only a shape: model.input when the file gives one (its data is then not read), else its data's. */
    private static Experiment load(Variant variant) {
        try {
            return ExperimentFile.load(variant.config, variant.overrides(), data -> null);
        } catch (ConfigException e) {
            if (!e.path().equals("model.input")) {
                throw e;
            }
            return ConfigCommand.load(variant.config, variant.overrides());
        }
    }
}
