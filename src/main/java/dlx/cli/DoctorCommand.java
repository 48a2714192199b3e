package dlx.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.config.ExperimentFile;
import dlx.device.Backend;
import dlx.device.Builds;
import dlx.device.Checkup;
import dlx.device.Nd4jFacts;
import dlx.device.NvidiaSmi;
import dlx.model.NetworkFactory;
import dlx.run.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"What dlx will run on and why: Java, the builds, the backend --backend auto would take, the CPU and"
                + " its vector extensions, threads, BLAS, memory, the NVIDIA driver and each GPU, the bundled data sets and"
                + " the runs directory. Each problem found is one line saying what to do; the exit code is 1 when there is"
                + " one.",
                "Without --nd4j nothing loads ND4J, so it answers at once."},
        footer = {"", "Examples:",
                "  dlx doctor",
                "  dlx doctor --nd4j                    (also load ND4J: BLAS, threads, oneDNN helpers)",
                "  dlx doctor --nd4j --backend cuda     (the same on the CUDA build)",
                "  dlx doctor --json | jq .backend.auto"})
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    JsonOption output;

    @Option(names = "--nd4j", description = "Also load ND4J (a few seconds) and say which BLAS and threads it uses and"
            + " whether DL4J's oneDNN helpers engage for convolutions and pooling.")
    boolean nd4j;

    @Mixin
    RunsDirOption runsDir;

    @Mixin
    BackendOptions backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** ND4J's own findings, with whether DL4J's layer helpers engage. */
    record Nd4jPart(Nd4jFacts facts, String helpers) {
    }

    @Override
    public Integer call() throws Exception {
        if (backend.choice != null) { // only an explicit flag: doctor must answer whatever DLX_BACKEND says
            if (nd4j) {
                backend.place();
            } else {
                backend.checkBuild();
            }
        }
        Checkup checkup = Checkup.of(Builds.locate(), runsDir.path, NvidiaSmi.probe(), System.getenv());
        Nd4jPart nd4jPart = nd4j ? new Nd4jPart(Nd4jFacts.load(), helpers()) : null;
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode tree = Json.MAPPER.valueToTree(checkup);
            if (nd4jPart != null) {
                tree.set("nd4j", Json.MAPPER.valueToTree(nd4jPart));
            }
            out.println(Json.MAPPER.writeValueAsString(tree));
        } else {
            out.print(text(checkup, nd4jPart));
        }
        out.flush();
        return checkup.problems().isEmpty() ? ExitCodes.DONE : ExitCodes.FAILED;
    }

    /** Whether DL4J gives a small CNN's convolution and pooling layers their fast helper (oneDNN on the CPU). */
    private static String helpers() {
        if (Backend.ofThisBuild() == Backend.CUDA) {
            return "none on CUDA: DL4J 1.0.0-M2.1 ships no cuDNN layer helpers, its own GPU code runs convolutions,"
                    + " LSTMs and batch norm";
        }
        var network = NetworkFactory.build(ExperimentFile.parse("""
                model:
                  input: [8, 8, 1]
                  layers: [{type: conv2d, filters: 2, kernel: 3}, {type: maxpool, kernel: 2}, {type: output, units: 2}]
                """, "doctor", false, List.of(), "doctor", d -> List.of(8, 8, 1)));
        List<Integer> slow = NetworkFactory.layersWithoutFastPath(network);
        return slow.isEmpty() ? "oneDNN helpers engage for convolution and pooling"
                : "oneDNN helpers do NOT engage (layers " + slow + "): convolutions train about 5x slower";
    }

    static String text(Checkup c, Nd4jPart nd4j) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("dlx", c.dlxVersion() + " in " + c.builds().home()));
        rows.add(row("java", c.java().version() + " (" + c.java().vendor() + ") at " + c.java().home()));
        rows.add(row("builds", "cpu " + c.builds().cpuJar() + (c.builds().cpuBuilt() == null ? " not built"
                : " (built " + c.builds().cpuBuilt() + ")") + "; cuda " + (c.builds().cudaBuilt() == null
                ? "not built (./dlx --backend cuda builds it: 2.4 GB of CUDA libraries from Maven Central)"
                : c.builds().cudaJar() + " (built " + c.builds().cudaBuilt() + ")")));
        rows.add(row("backend", "this process: " + c.backend().thisProcess() + "; DLX_BACKEND "
                + (c.backend().dlxBackend() == null ? "unset (cpu)" : "=" + c.backend().dlxBackend())
                + "; --backend auto would take " + c.backend().auto() + ": " + c.backend().autoReason()));
        rows.add(row("cpu", c.cpu().model() + ", " + c.cpu().threads() + " threads; "
                + (c.cpu().features().isEmpty() ? "no vector extensions found" : String.join(" ", c.cpu().features()))
                + (c.cpu().has("avx2") ? "" : " (no AVX2)") + (c.cpu().has("avx512f") ? "" : " (no AVX-512)")));
        rows.add(row("threads", c.ompNumThreads() == null
                ? "OMP_NUM_THREADS unset: ND4J takes one thread per core (./dlx sets 1)"
                : "OMP_NUM_THREADS=" + c.ompNumThreads() + ": ND4J trains on " + c.ompNumThreads() + " of the "
                        + c.cpu().threads() + " threads"));
        rows.add(row("blas", c.blas()));
        rows.add(row("memory", (c.memory().physicalBytes() < 0 ? "?" : gib(c.memory().physicalBytes())) + " physical, "
                + gib(c.memory().heapMaxBytes()) + " Java heap max, ND4J off-heap max "
                + (c.memory().javacppMaxBytes() == null ? "JavaCPP's default" : c.memory().javacppMaxBytes())));
        Checkup.CudaInfo cuda = c.cuda();
        rows.add(row("nvidia", !cuda.driverFound() ? "no NVIDIA driver (nvidia-smi not found)"
                : cuda.error() != null ? "nvidia-smi failed: " + cuda.error()
                : "driver " + cuda.driver() + ", runs CUDA up to " + cuda.driverCudaVersion() + "; "
                        + (cuda.gpus().isEmpty() ? "no GPU listed" : cuda.gpus().size() + " GPU(s)")
                        + (cuda.cudaVisibleDevices() == null ? "" : "; CUDA_VISIBLE_DEVICES=" + cuda.cudaVisibleDevices())));
        for (Checkup.GpuInfo gpu : cuda.gpus()) {
            rows.add(row("gpu " + gpu.index(), gpu.name() + ", " + String.format(Locale.ROOT, "%,d MiB", gpu.memoryMib())
                    + ", compute capability " + (gpu.computeCapability() == null ? "unknown (driver too old to say)"
                    : gpu.computeCapability()) + (Boolean.FALSE.equals(gpu.supported())
                    ? ": NOT supported by the CUDA build (3.7 to 8.9)" : Boolean.TRUE.equals(gpu.supported())
                    ? ": supported by the CUDA build" : "")));
        }
        rows.add(row("cuda build", cuda.build()));
        rows.add(row("datasets", c.datasets().stream().map(d -> d.path() + (d.present()
                ? " ok (" + size(d.bytes()) + ")" : " MISSING " + d.missing()))
                .collect(Collectors.joining("; "))));
        Checkup.RunsInfo runs = c.runs();
        rows.add(row("runs", runs.dir() + (runs.writable() ? " writable" : " " + runs.error())
                + (runs.freeBytes() == null ? "" : ", " + gib(runs.freeBytes()) + " free")));
        if (nd4j != null) {
            Nd4jFacts f = nd4j.facts();
            rows.add(row("nd4j", f.backend() + " loaded in " + String.format(Locale.ROOT, "%.1f s", f.loadSeconds())
                    + "; BLAS " + f.blas() + "; " + f.threads() + " thread(s)"
                    + (f.oneDnn() == null ? "" : "; oneDNN " + (f.oneDnn() ? "on" : "OFF"))));
            rows.add(row("helpers", nd4j.helpers()));
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", r[0], r[1])));
        if (c.problems().isEmpty()) {
            text.append("no problems found\n");
        } else {
            c.problems().forEach(p -> text.append("problem: ").append(p).append('\n'));
        }
        return text.toString();
    }

    private static String[] row(String key, String value) {
        return new String[] {key, value};
    }

    private static String size(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.0f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
