package dlx.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dlx completion bash|zsh}: the shell completion script picocli generates from the command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a script that completes dlx's commands and options in bash or zsh; load it from your"
                + " shell's start-up file.",
        footer = {"", "Examples:",
                "  source <(dlx completion bash)                               (this shell only)",
                "  dlx completion bash > ~/.local/share/bash-completion/completions/dlx",
                "  echo 'source <(dlx completion zsh)' >> ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    static final class Shells extends NamedValues<Shell> {
        Shells() {
            super(Shell.class);
        }
    }

    @Parameters(paramLabel = "SHELL", converter = Shells.class, completionCandidates = Shells.class,
            description = "${COMPLETION-CANDIDATES}.")
    Shell shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // one script for both: under zsh it loads bashcompinit itself
        spec.commandLine().getOut().print(AutoComplete.bash("dlx", spec.root().commandLine()));
        return ExitCodes.DONE;
    }
}
