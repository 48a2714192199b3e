package dlx.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA driver's view of the machine, from nvidia-smi (it ships with the driver): whether a driver is there,
 * its version, the newest CUDA it runs, and each GPU. Asking it needs no CUDA library and no ND4J.
 */
public final class NvidiaSmi {
    private static final Pattern CUDA_VERSION = Pattern.compile("CUDA Version:\\s*([0-9.]+)");
    private static final long TIMEOUT_SECONDS = 20;

    /**
     * @param found   whether nvidia-smi could be started at all (no: no NVIDIA driver here)
     * @param error   the first line nvidia-smi gave when it failed (the driver does not answer), else null
     * @param driver  the driver version, null when unknown
     * @param cuda    the newest CUDA version the driver runs, null when unknown
     */
    public record Report(boolean found, String error, String driver, String cuda, List<Gpu> gpus) {
        /** A driver that answered and listed at least one GPU. */
        public boolean answers() {
            return found && error == null && !gpus.isEmpty();
        }

        /** Why no GPU can be used, for a message; null when one can. */
        public String whyNot() {
            if (!found) {
                return "no NVIDIA driver (nvidia-smi not found)";
            }
            if (error != null) {
                return "the NVIDIA driver does not answer (nvidia-smi: " + error + ")";
            }
            return gpus.isEmpty() ? "the NVIDIA driver lists no GPU" : null;
        }
    }

    private final String executable;

    public NvidiaSmi(String executable) {
        this.executable = executable;
    }

    /** nvidia-smi found on the PATH. */
    public static Report probe() {
        return new NvidiaSmi("nvidia-smi").report();
    }

    public Report report() {
        Output list;
        try {
            list = run("--query-gpu=index,name,memory.total,compute_cap,driver_version", "--format=csv,noheader,nounits");
            if (list.code != 0 && list.text.contains("compute_cap")) {
                // drivers before 510 do not know the field
                list = run("--query-gpu=index,name,memory.total,driver_version", "--format=csv,noheader,nounits");
            }
        } catch (IOException e) {
            return new Report(false, null, null, null, List.of());
        }
        if (list.code != 0) {
            String first = list.text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst()
                    .orElse("exit code " + list.code);
            // "No devices were found" is an answer: a driver without GPUs
            boolean none = first.toLowerCase(java.util.Locale.ROOT).contains("no devices were found");
            return new Report(true, none ? null : first, null, null, List.of());
        }
        List<Gpu> gpus = new ArrayList<>();
        String driver = null;
        for (String line : list.text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList()) {
            String[] f = line.split("\\s*,\\s*");
            if (f.length < 4) {
                continue;
            }
            boolean withCapability = f.length >= 5;
            gpus.add(new Gpu(parseInt(f[0]), f[1], parseLong(f[2]), withCapability ? known(f[3]) : null));
            driver = f[f.length - 1];
        }
        return new Report(true, null, driver, cudaVersion(), List.copyOf(gpus));
    }

    /** The header of plain nvidia-smi says "CUDA Version: 12.2": the newest CUDA this driver runs. */
    private String cudaVersion() {
        try {
            Matcher m = CUDA_VERSION.matcher(run().text);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private record Output(int code, String text) {
    }

    /** Output goes to a file, not a pipe: a driver that hangs cannot then block the read past the timeout. */
    private Output run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("dlx-nvidia-smi", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Output(-1, "did not answer within " + TIMEOUT_SECONDS + " s");
            }
            return new Output(process.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(-1, "interrupted");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String known(String value) {
        return value.isEmpty() || value.startsWith("[") || value.equalsIgnoreCase("N/A") ? null : value;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
