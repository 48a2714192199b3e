package dlx.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --runs-dir, for every command that writes or reads run folders (a mixin: one declaration, one default). */
final class RunsDirOption {
    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs",
            description = "The folder of run folders (default: ${DEFAULT-VALUE}).")
    Path path;
}
