package dlx.device;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of the driver's GPUs a CUDA process here would use: those CUDA_VISIBLE_DEVICES lets it see (when it names
 * indices), of a generation the CUDA build has kernels for. The launcher applies the same rules in bash.
 */
final class GpuCheck {
    private GpuCheck() {
    }

    static List<Gpu> visible(NvidiaSmi.Report driver, String cudaVisibleDevices) {
        if (cudaVisibleDevices == null) {
            return driver.gpus();
        }
        String spec = cudaVisibleDevices.trim();
        if (!spec.matches("[0-9]+(\\s*,\\s*[0-9]+)*")) {
            // empty or -1 hides every GPU; UUIDs and MIG names are the driver's business, so all are kept
            return spec.isEmpty() || spec.startsWith("-") ? List.of() : driver.gpus();
        }
        Set<Integer> indices = Arrays.stream(spec.split("\\s*,\\s*")).map(Integer::parseInt).collect(Collectors.toSet());
        return driver.gpus().stream().filter(g -> indices.contains(g.index())).toList();
    }

    static List<Gpu> usable(NvidiaSmi.Report driver, String cudaVisibleDevices) {
        return visible(driver, cudaVisibleDevices).stream().filter(g -> !Boolean.FALSE.equals(g.supported())).toList();
    }

    /** Why no GPU can be used, in the words of the launcher's messages; null when at least one can. */
    static String whyNoneUsable(NvidiaSmi.Report driver, String cudaVisibleDevices) {
        String why = driver.whyNot();
        if (why != null) {
            return why;
        }
        List<Gpu> visible = visible(driver, cudaVisibleDevices);
        if (visible.isEmpty()) {
            return "CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices + " hides every GPU";
        }
        if (usable(driver, cudaVisibleDevices).isEmpty()) {
            Gpu first = visible.get(0);
            return "GPU " + first.index() + " (" + first.name() + ") has compute capability " + first.computeCapability()
                    + "; the CUDA build has kernels for 3.7 to 8.9 only";
        }
        return null;
    }
}
