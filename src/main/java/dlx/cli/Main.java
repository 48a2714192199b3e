package dlx.cli;

import dlx.InvalidInputException;
import dlx.RunFailedException;
import dlx.Version;
import dlx.config.DidYouMean;
import dlx.model.LayerHelpers;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "dlx", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Train, evaluate and compare deep networks on DeepLearning4J from experiment files.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, RunsCommand.class, PlotCommand.class, ReportCommand.class,
                PathsCommand.class,
                ActivationsCommand.class,
                AugmentCommand.class,
                FunctionsCommand.class,
                FiltersCommand.class,
                GradcheckCommand.class,
                SweepCommand.class,
                TrialCommand.class,
                ConfigCommand.class,
                DoctorCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  dlx train --config configs/quickstart.yaml",
                "  dlx train --config configs/fashion-mlp.yaml --set optimizer.lr=0.003 --set training.epochs=5",
                "  dlx eval --checkpoint runs/20261123-120000-quickstart",
                "  dlx predict --checkpoint runs/20261123-120000-quickstart --input datasets/fashion-mnist-png",
                "  dlx runs list --sort val_accuracy",
                "  dlx plot runs/*-lr-* --metric val_accuracy --out lr.png",
                "  dlx activations --config configs/notes/init-sigmoid.yaml --out sigmoid.png",
                "  dlx gradcheck --config configs/xor.yaml",
                "  dlx sweep --config configs/quickstart.yaml --param 'optimizer.lr=loguniform(1e-4,1e-1)' --trials 8",
                "  dlx config print configs/fashion-mlp.yaml",
                "  dlx doctor",
                "  source <(dlx completion bash)",
                "", "Exit codes: 0 done, 1 the run failed, 2 bad usage or invalid input, 130 interrupted."})
public final class Main implements Callable<Integer> {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // JavaCPP prints warnings straight to stderr unless told to log through SLF4J (into train.log).
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        // before any network is built or restored, checkpoints included
        LayerHelpers.enable();
        System.exit(execute(args));
    }

    /** dlx on the process's stdout and stderr. */
    public static int execute(String... args) {
        CommandLine commandLine = commandLine();
        return execute(commandLine.getOut(), commandLine.getErr(), args);
    }

    /** dlx writing to {@code out} and {@code err}: what tests use, so they need not swap System.out. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine().setOut(out).setErr(err);
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // wherever it happened: reading data or a checkpoint, evaluating, drawing (a run records its own first)
            commandLine.getErr().println("dlx: failed: " + outOfMemory(e));
            return ExitCodes.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command tree with dlx's error handling and help layout. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::handle);
        commandLine.setParameterExceptionHandler(Main::usageError);
        // help as wide as the terminal; examples are never wrapped, so they copy and paste whole
        commandLine.setUsageHelpAutoWidth(true);
        HelpLayout.apply(commandLine);
        return commandLine;
    }

    /** A mistyped flag or command is a user mistake like any other: one line, a suggestion, and where the help is. */
    private static int usageError(CommandLine.ParameterException e, String[] arguments) {
        CommandLine at = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String given = unmatched.getUnmatched().get(0).replaceFirst("=.*", "");
            List<String> known = new ArrayList<>(at.getSubcommands().keySet());
            if (given.startsWith("-")) {
                at.getCommandSpec().options().forEach(o -> known.addAll(List.of(o.names())));
            } else if (!at.getSubcommands().isEmpty() && unmatched.getUnmatched().size() == 1) {
                message = "'" + given + "' is not a command of " + at.getCommandSpec().qualifiedName();
            }
            message += DidYouMean.closest(given, known).map(best -> "; did you mean '" + best + "'?").orElse("");
        }
        at.getErr().println("dlx: " + message + " (see '" + at.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.INVALID_INPUT;
    }

    /** One line for running out of memory, heap or ND4J's, with what to change. */
    static String outOfMemory(OutOfMemoryError e) {
        return "out of memory (" + e.getMessage() + "); give dlx more (DLX_JAVA_OPTS: -Xmx for the heap,"
                + " -Dorg.bytedeco.javacpp.maxbytes for ND4J's arrays) or ask for less (a smaller training.batch_size,"
                + " data.train_limit, a smaller model)";
    }

    /** Bare {@code dlx} is a usage error: the usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INVALID_INPUT;
    }

    /** A user's mistake is one line and exit 2; anything else is a failed run, with the trace on --verbose. */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = false;
        for (CommandLine.ParseResult at = parseResult; at != null; at = at.subcommand()) {
            verbose |= at.hasMatchedOption("--verbose"); // inherited: dlx config validate --verbose too
        }
        if (e instanceof InvalidInputException) {
            err.println("dlx: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return ExitCodes.INVALID_INPUT;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError oom && !(e instanceof RunFailedException)) {
                err.println("dlx: failed: " + outOfMemory(oom)); // in a thread of its own, e.g. a sweep's
                return ExitCodes.FAILED;
            }
        }
        String what = e instanceof UncheckedIOException || e instanceof RunFailedException ? e.getMessage() : e.toString();
        err.println("dlx: failed: " + what + (verbose ? "" : " (run with --verbose for details; see the run's train.log)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        return ExitCodes.FAILED;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dlx " + Version.current()};
        }
    }
}
