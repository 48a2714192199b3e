package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How dlx answers a person finding their way: bare dlx, typos, --help at any width, --verbose, shell completion. */
class UsageTest {
    @TempDir
    Path dir;

    @Test
    void bareDlxIsAUsageErrorThatShowsTheUsage() {
        var bare = dlx();
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bare.out()).isEmpty();
        assertThat(bare.err()).startsWith("Usage: dlx").contains("Commands:").contains("train").contains("Examples:");

        assertThat(dlx("--help").exitCode()).as("asking for help is no mistake").isZero();
    }

    @Test
    void aMistypedCommandOrOptionGetsTheClosestName() {
        var command = dlx("trian", "--config", "x.yaml");
        assertThat(command.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(command.err().strip()).hasLineCount(1).contains("'trian'").contains("did you mean 'train'?")
                .contains("see 'dlx --help'");

        var sub = dlx("runs", "lsit");
        assertThat(sub.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sub.err().strip()).isEqualTo("dlx: 'lsit' is not a command of dlx runs; did you mean 'list'?"
                + " (see 'dlx runs --help')");

        var option = dlx("config", "validate", "x.yaml", "--sett", "a=1");
        assertThat(option.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(option.err().strip()).hasLineCount(1).contains("'--sett'").contains("did you mean '--set'?");
    }

    @Test
    void verboseReachesNestedSubcommandsAsItReachesTrain() {
        Path missing = dir.resolve("missing.yaml");
        var quiet = dlx("config", "validate", missing.toString());
        assertThat(quiet.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(quiet.err().strip()).isEqualTo("dlx: " + missing + ": no such file");

        var verbose = dlx("config", "validate", missing.toString(), "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(verbose.err()).startsWith("dlx: " + missing + ": no such file\n").contains("\tat dlx.config.");
    }

    @Test
    void helpFollowsTheTerminalWidthAndNeverBreaksAnExampleLine() {
        assertThat(everyCommand(Main.commandLine())).allSatisfy(command ->
                assertThat(command.getCommandSpec().usageMessage().autoWidth()).as(name(command)).isTrue());
        for (int width : List.of(60, 80, 200)) {
            for (CommandLine command : everyCommand(Main.commandLine())) {
                command.setUsageHelpAutoWidth(false); // the test's width, not this terminal's
                command.setUsageHelpWidth(width);
                String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
                List<String> lines = help.lines().toList();
                for (String line : command.getCommandSpec().usageMessage().footer()) {
                    String shown = String.format(Locale.ROOT, line);
                    if (shown.startsWith("  ")) {
                        assertThat(lines).as(name(command) + " --help at width " + width).contains(shown);
                    }
                }
            }
        }
        CommandLine train = Main.commandLine().getSubcommands().get("train");
        train.setUsageHelpAutoWidth(false);
        train.setUsageHelpWidth(200);
        assertThat(train.getUsageMessage(CommandLine.Help.Ansi.OFF).lines())
                .as("prose takes the width it is given").anyMatch(l -> l.startsWith("Ctrl-C stops") && l.endsWith("at once."));
    }

    @Test
    void optionsThatExcludeEachOtherAreRefusedTogether() {
        var formats = dlx("runs", "list", "--json", "--csv");
        assertThat(formats.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(formats.err().strip()).hasLineCount(1).contains("--json").contains("--csv").contains("mutually exclusive");

        var sources = dlx("sweep", "--config", "exp.yaml", "--resume", "runs/sweep");
        assertThat(sources.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sources.err().strip()).hasLineCount(1).contains("--config").contains("--resume")
                .contains("mutually exclusive");
    }

    @Test
    void readmesCommandTableNamesEveryCommand() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        Main.commandLine().getSubcommands().forEach((name, command) -> {
            if (!name.equals("help") && !command.getCommandSpec().usageMessage().hidden()) {
                assertThat(readme).as("README's table row for dlx " + name).contains("| `dlx " + name + " ");
            }
        });
    }

    @Test
    void completionPrintsAScriptForBashAndZsh() {
        for (String shell : List.of("bash", "zsh")) {
            var script = dlx("completion", shell);
            assertThat(script.exitCode()).as(script.err()).isZero();
            assertThat(script.out()).contains("complete -F").contains("train").contains("--runs-dir")
                    .contains("ZSH_VERSION");
        }
        var fish = dlx("completion", "fish");
        assertThat(fish.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(fish.err()).contains("fish").contains("bash, zsh");
    }

    @Test
    void helpAndCompletionDoNotLoadNd4j() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("train", "--help"), List.of("completion", "bash"))) {
            List<String> command = ChildDlx.command(List.of("-verbose:class"), args.toArray(String[]::new));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).as(String.join(" ", args)).doesNotContain("org.nd4j.").doesNotContain("org.deeplearning4j.");
        }
    }

    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    private static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }
}
