package dlx.cli;

import dlx.device.BackendChoice;
import dlx.device.Placement;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * --backend, for every command that loads ND4J (a mixin: a new command gets it with one line). The launcher reads
 * the same flag to pick the jar before the JVM starts; here it is checked against the build that did start.
 */
final class BackendOptions {
    @Option(names = "--backend", paramLabel = "cpu|cuda|auto", converter = ChoiceConverter.class,
            description = "What to compute on: cpu, cuda (an NVIDIA GPU; ./dlx builds target/dlx-cuda.jar on first use) or"
                    + " auto (cuda when built and a GPU answers, else cpu). Default: $DLX_BACKEND, else cpu.")
    BackendChoice choice;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The option, else DLX_BACKEND, else cpu. */
    BackendChoice requested() {
        return choice != null ? choice : BackendChoice.fromEnvironment(System.getenv(BackendChoice.ENV));
    }

    /** Checks the choice against this build (and its GPUs) before anything is written. */
    Placement place(int devices) {
        return Placement.choose(requested(), devices, System.getenv(Placement.REASON_ENV));
    }

    Placement place() {
        return place(1);
    }

    /** The build only, leaving ND4J unloaded (dlx sweep: its trials check their GPUs). */
    Placement checkBuild() {
        return Placement.choose(requested(), 1, System.getenv(Placement.REASON_ENV), false);
    }

    /** Auto's choice and why, for the command's first line on stderr; nothing when the user named the backend. */
    void announce(Placement placement) {
        if (placement.announcement() != null) {
            command.commandLine().getErr().println(placement.announcement());
        }
    }

    static final class ChoiceConverter implements CommandLine.ITypeConverter<BackendChoice> {
        @Override
        public BackendChoice convert(String value) {
            BackendChoice choice = BackendChoice.parse(value);
            if (choice == null) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not cpu, cuda or auto");
            }
            return choice;
        }
    }
}
