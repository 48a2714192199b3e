package dlx.cli;

import picocli.CommandLine.Option;

/** --json, for every command whose result a script may read. */
final class JsonOption {
    @Option(names = "--json", description = "Print the result as JSON on stdout (messages stay on stderr).")
    boolean json;
}
