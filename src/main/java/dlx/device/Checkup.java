package dlx.device;

import dlx.InvalidInputException;
import dlx.Version;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything {@code dlx doctor} tells about this machine and checkout, without loading ND4J: the builds, what
 * auto would take, the processor, threads, memory, the NVIDIA driver and GPUs, the bundled data sets and the
 * runs directory. Each problem found is one line that says what to do.
 */
public record Checkup(String dlxVersion, JavaInfo java, BuildInfo builds, BackendInfo backend, Cpu cpu,
                      String ompNumThreads, String blas, MemoryInfo memory, CudaInfo cuda, List<DatasetInfo> datasets,
                      RunsInfo runs, List<String> problems) {

    public record JavaInfo(String version, String vendor, String home) {
    }

    /** @param cudaNatives target/cuda-lib/, which holds the CUDA build's natives */
    public record BuildInfo(String home, String cpuJar, String cpuBuilt, String cudaJar, String cudaBuilt,
                            String cudaNatives) {
    }

    /**
     * @param thisProcess the backend of the build doctor runs from
     * @param dlxBackend  DLX_BACKEND as set, null when unset (then the commands take cpu)
     * @param auto        what --backend auto takes here, and why
     */
    public record BackendInfo(String thisProcess, String dlxBackend, String auto, String autoReason) {
    }

    /** @param javacppMaxBytes the off-heap limit the launcher gives ND4J (null: JavaCPP's default) */
    public record MemoryInfo(long physicalBytes, long heapMaxBytes, String javacppMaxBytes) {
    }

    public record CudaInfo(boolean driverFound, String error, String driver, String driverCudaVersion,
                           String cudaVisibleDevices, List<GpuInfo> gpus, String build) {
    }

    public record GpuInfo(int index, String name, long memoryMib, String computeCapability, Boolean supported) {
    }

    public record DatasetInfo(String path, boolean present, long bytes, String missing) {
    }

    public record RunsInfo(String dir, boolean writable, Long freeBytes, String error) {
    }

    /** Free space below which a long run risks failing on a full disk (checkpoints, logs, plots). */
    static final long LOW_DISK = 1L << 30;
    /** CUDA 11.x runs on drivers from 450.80.02 on (NVIDIA's minor-version compatibility). */
    static final String OLDEST_DRIVER = "450.80.02";
    /** The bundled data sets: what the shipped configs read. */
    static final Map<String, List<String>> BUNDLED = Map.of(
            "datasets/fashion-mnist", List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
            "datasets/csv", List.of("friedman1.csv"));

    public static Checkup of(Builds builds, Path runsDir, NvidiaSmi.Report driver, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        JavaInfo java = new JavaInfo(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
        BuildInfo buildInfo = new BuildInfo(builds.home().toString(), builds.shown(builds.cpuJar()), built(builds.cpuJar()),
                builds.shown(builds.cudaJar()), builds.cudaBuilt() ? built(builds.cudaJar()) : null,
                builds.shown(builds.home().resolve("target/cuda-lib")));

        String visible = env.get("CUDA_VISIBLE_DEVICES");
        AutoChoice auto = AutoChoice.of(builds, driver, visible);
        String requested = null;
        try {
            requested = BackendChoice.fromEnvironment(env.get(BackendChoice.ENV)).toString();
        } catch (InvalidInputException e) {
            problems.add(e.getMessage() + "; fix or unset it");
        }
        BackendInfo backend = new BackendInfo(Backend.ofThisBuild().id(), env.get(BackendChoice.ENV), auto.backend().id(),
                auto.reason());
        String unusable = GpuCheck.whyNoneUsable(driver, visible);
        if ("cuda".equals(requested) && unusable != null) {
            problems.add("DLX_BACKEND=cuda, but " + unusable + ": dlx train will refuse; set DLX_BACKEND=auto or cpu, or"
                    + " fix the GPU setup");
        }

        CudaInfo cuda = new CudaInfo(driver.found(), driver.error(), driver.driver(), driver.cuda(), visible,
                driver.gpus().stream().map(g -> new GpuInfo(g.index(), g.name(), g.memoryMib(), g.computeCapability(),
                        g.supported())).toList(),
                builds.cudaBuilt() ? "CUDA 11.6 runtime, cuBLAS and cuDNN 8.3 bundled in " + buildInfo.cudaNatives()
                        : "not built");
        if (driver.found() && driver.error() != null) {
            problems.add("nvidia-smi failed (" + driver.error() + "): the NVIDIA driver is installed but does not"
                    + " answer; reload it (or reboot), or train with --backend cpu");
        }
        if (driver.driver() != null && older(driver.driver(), OLDEST_DRIVER)) {
            problems.add("NVIDIA driver " + driver.driver() + " is older than CUDA 11.6 needs (" + OLDEST_DRIVER
                    + " or newer): update the driver to train with --backend cuda");
        }
        for (Gpu gpu : driver.gpus()) {
            if (Boolean.FALSE.equals(gpu.supported())) {
                problems.add("GPU " + gpu.index() + " (" + gpu.name() + ") has compute capability " + gpu.computeCapability()
                        + ": dlx's CUDA build (CUDA 11.6) has kernels for 3.7 to 8.9 only, so it cannot train there;"
                        + " use --backend cpu" + (driver.gpus().size() > 1 ? " or another GPU (CUDA_VISIBLE_DEVICES)" : ""));
            }
        }

        List<DatasetInfo> datasets = new ArrayList<>();
        BUNDLED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Path dir = builds.home().resolve(e.getKey());
            long bytes = 0;
            List<String> missing = new ArrayList<>();
            for (String file : e.getValue()) {
                Path path = dir.resolve(file);
                if (Files.isReadable(path)) {
                    bytes += path.toFile().length();
                } else {
                    missing.add(file);
                }
            }
            datasets.add(new DatasetInfo(e.getKey(), missing.isEmpty(), bytes, missing.isEmpty() ? null : String.join(", ", missing)));
            if (!missing.isEmpty()) {
                problems.add(e.getKey() + ": " + String.join(", ", missing) + " missing; the shipped configs read it:"
                        + " restore it with git checkout -- " + e.getKey());
            }
        });

        RunsInfo runs = runs(runsDir);
        if (!runs.writable()) {
            problems.add(runsDir + ": " + runs.error() + "; fix its permissions or give another --runs-dir");
        } else if (runs.freeBytes() != null && runs.freeBytes() < LOW_DISK) {
            problems.add(runsDir + ": only " + gib(runs.freeBytes()) + " free; a run's checkpoints and logs need room:"
                    + " free some space or give a --runs-dir on another disk");
        }

        long physical = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        MemoryInfo memory = new MemoryInfo(physical, Runtime.getRuntime().maxMemory(),
                System.getProperty("org.bytedeco.javacpp.maxbytes"));
        String blas = Backend.ofThisBuild() == Backend.CPU
                ? "OpenBLAS 0.3.19 for matrix products, oneDNN for convolutions and pooling (nd4j-native linux-x86_64-onednn)"
                : "cuBLAS 11.6 (nd4j-cuda-11.6); DL4J 1.0.0-M2.1 has no cuDNN layer helpers";
        return new Checkup(Version.current(), java, buildInfo, backend, Cpu.probe(), env.get("OMP_NUM_THREADS"), blas,
                memory, cuda, datasets, runs, problems);
    }

    private static String built(Path jar) {
        try {
            Instant at = Files.getLastModifiedTime(jar).toInstant();
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault()).format(at);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the runs directory (or, before the first run, the nearest folder above it) takes new files. */
    static RunsInfo runs(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return new RunsInfo(dir.toString(), false, null, existing == null ? "no such folder" : "not a folder");
        }
        Long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            free = null;
        }
        try {
            Files.deleteIfExists(Files.createTempFile(existing, ".dlx-doctor", ".tmp"));
            return new RunsInfo(dir.toString(), true, free, null);
        } catch (IOException | SecurityException e) {
            return new RunsInfo(dir.toString(), false, free, "not writable (" + e.getClass().getSimpleName() + ")");
        }
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** Dotted versions compared number by number: 440.33.01 is older than 450.80.02. */
    static boolean older(String version, String than) {
        String[] a = version.split("\\.");
        String[] b = than.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? number(a[i]) : 0;
            int y = i < b.length ? number(b[i]) : 0;
            if (x != y) {
                return x < y;
            }
        }
        return false;
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
