package dlx.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** dlx in a JVM of its own, as a shell starts it: for signals, kills, memory limits and class loading. */
final class ChildDlx {
    private ChildDlx() {
    }

    /** {@code java [jvmOptions] -cp <the test classpath> dlx.cli.Main [args]}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dlx.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts dlx with its stdout and stderr going to {@code console}. */
    static Process start(Path console, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), args)).redirectErrorStream(true).redirectOutput(console.toFile())
                .start();
    }
}
