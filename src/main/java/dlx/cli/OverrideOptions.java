package dlx.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --set KEY=VALUE, repeatable, for every command that reads an experiment file. */
final class OverrideOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a key of the experiment, parsed as YAML: optimizer.lr=0.01, model.layers[2].rate=0.5."
                    + " Repeat it for each key.")
    List<String> overrides = new ArrayList<>();
}
