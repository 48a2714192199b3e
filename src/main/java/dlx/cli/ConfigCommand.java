package dlx.cli;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.LayerConfig;
import dlx.config.ModelSummary;
import dlx.config.Shape;
import dlx.data.DataSources;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlx config validate|print|summary}: checks and shows experiment files without loading ND4J. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check, print or summarise an experiment file.",
        subcommands = {ConfigCommand.Validate.class, ConfigCommand.Print.class, ConfigCommand.Summary.class},
        footer = {"", "Examples:", "  dlx config validate configs/fashion-mlp.yaml",
                "  dlx config print configs/quickstart.yaml --set optimizer.type=sgd",
                "  dlx config summary configs/lenet5.yaml"})
public final class ConfigCommand {

    static Experiment load(Path file, List<String> overrides) {
        return read(file, overrides).experiment();
    }

    /** The experiment with where its keys came from: checks against the data then name their lines too. */
    static ExperimentFile.Loaded read(Path file, List<String> overrides) {
        Path base = Path.of("").toAbsolutePath();
        return ExperimentFile.read(file, overrides, data -> DataSources.inputShape(data, base));
    }

    /** The experiment file and its overrides, as both subcommands take them. */
    static final class FileWithOverrides {
        @Parameters(paramLabel = "FILE", description = "The experiment file (.yaml, .yml or .json).")
        Path file;

        @Mixin
        OverrideOptions set;

        Experiment load() {
            return ConfigCommand.load(file, set.overrides);
        }

        ExperimentFile.Loaded read() {
            return ConfigCommand.read(file, set.overrides);
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check an experiment file, layer shapes included; exit 2 with the first problem.",
            footer = {"", "Examples:", "  dlx config validate configs/fashion-mlp.yaml",
                    "  dlx config validate exp.yaml --set model.layers[0].units=512"})
    static final class Validate implements Callable<Integer> {
        @Mixin
        FileWithOverrides input;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ExperimentFile.Loaded loaded = input.read();
            Experiment experiment = loaded.experiment();
            // loading read only file headers (the input shape); the class count needs the labels themselves
            loaded.origins().check(() -> experiment.model()
                    .requireClasses(DataSources.classNames(experiment.data(), Path.of("").toAbsolutePath())));
            List<Shape> shapes = experiment.model().shapes();
            StringBuilder out = new StringBuilder(input.file + ": valid\n");
            out.append(String.format("  %-24s %s%n", "input", experiment.model().inputShape()));
            for (int i = 0; i < shapes.size(); i++) {
                LayerConfig layer = experiment.model().layers().get(i);
                out.append(String.format("  %-24s %s%n", "layers[" + i + "] " + layer.type(), shapes.get(i)));
            }
            spec.commandLine().getOut().print(out);
            return ExitCodes.DONE;
        }
    }

    @Command(name = "print", mixinStandardHelpOptions = true,
            description = "Print the resolved experiment: every default filled in, overrides applied.",
            footer = {"", "Examples:", "  dlx config print configs/quickstart.yaml",
                    "  dlx config print exp.yaml --set schedule.type=step > resolved.yaml"})
    static final class Print implements Callable<Integer> {
        @Mixin
        FileWithOverrides input;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ExperimentFile.toYaml(input.load()));
            return ExitCodes.DONE;
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Show the network as a table: each layer's type, output shape and parameter count, and the total.",
            footer = {"", "Examples:", "  dlx config summary configs/lenet5.yaml",
                    "  dlx config summary configs/fashion-cnn.yaml --set model.layers[0].filters=64"})
    static final class Summary implements Callable<Integer> {
        @Mixin
        FileWithOverrides input;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ModelSummary.table(input.load().model()));
            return ExitCodes.DONE;
        }
    }
}
