package dlx.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor, as /proc/cpuinfo tells it: read in microseconds, so {@code dlx doctor} needs no ND4J for it.
 *
 * @param model    the model name of the first processor ("unknown" off Linux)
 * @param threads  logical processors the JVM may use
 * @param features the vector extensions ND4J's kernels care about, of those the processor has
 */
public record Cpu(String model, int threads, List<String> features) {
    /** The flags worth telling: OpenBLAS and oneDNN pick their kernels by them. */
    private static final List<String> TOLD = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512_vnni", "avx512_bf16", "amx_tile");

    public static Cpu probe() {
        return probe(Path.of("/proc/cpuinfo"), Runtime.getRuntime().availableProcessors());
    }

    static Cpu probe(Path cpuinfo, int threads) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException | RuntimeException e) {
            return new Cpu("unknown", threads, List.of());
        }
        String model = value(lines, "model name");
        Set<String> flags = new TreeSet<>(Arrays.asList(value(lines, "flags").split("\\s+")));
        return new Cpu(model.isEmpty() ? "unknown" : model, threads, TOLD.stream().filter(flags::contains).toList());
    }

    public boolean has(String feature) {
        return features.contains(feature);
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key) && l.indexOf(':') > 0)
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
    }
}
