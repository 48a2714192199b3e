package dlx.launch;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts dlx again in a JVM of its own: this JVM's java and class path, with chosen options. */
public final class DlxCommand {
    private DlxCommand() {
    }

    /** {@code java OPTIONS… -cp CLASSPATH dlx.cli.Main}: append dlx's arguments. */
    public static List<String> java(List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOptions);
        // absolute, so a batch job started in another directory finds the jar
        String classPath = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).toList());
        command.addAll(List.of("-cp", classPath, "dlx.cli.Main"));
        return command;
    }

    /** This JVM's java: the launcher's, so a child or a job runs on the same Java as the command that started it. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * This JVM's options that shape a run and are worth passing on: the class archive (AppCDS) of the launcher,
     * the collector and young generation that keep resident memory low and, when {@code withMemory}, the heap and
     * JavaCPP's off-heap limits.
     */
    public static List<String> inheritedOptions(boolean withMemory) {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-XX:SharedArchiveFile=") || option.startsWith("-Xlog:cds")
                        || option.matches("-XX:\\+Use\\w+GC|-XX:M(in|ax)HeapFreeRatio=\\d+") || option.startsWith("-Xmn")
                        || withMemory && (option.startsWith("-Xmx") || option.startsWith("-Dorg.bytedeco.javacpp.max")))
                .toList();
    }
}
