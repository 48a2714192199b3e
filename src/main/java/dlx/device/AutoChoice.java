package dlx.device;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code --backend auto} takes, and why: CUDA when the CUDA build is there and the driver lists a GPU its
 * kernels run on, else the CPU. The launcher decides the same way before the JVM starts (dlx, function
 * auto_backend); {@code dlx doctor} uses this to tell it.
 */
public record AutoChoice(Backend backend, String reason) {
    public static AutoChoice of(Builds builds, NvidiaSmi.Report driver, String cudaVisibleDevices) {
        String unusable = GpuCheck.whyNoneUsable(driver, cudaVisibleDevices);
        if (unusable != null) {
            return new AutoChoice(Backend.CPU, unusable);
        }
        if (!builds.cudaBuilt()) {
            return new AutoChoice(Backend.CPU, "no CUDA build yet (./dlx --backend cuda builds target/dlx-cuda.jar)");
        }
        List<Gpu> usable = GpuCheck.usable(driver, cudaVisibleDevices);
        return new AutoChoice(Backend.CUDA, usable.size() + (usable.size() == 1 ? " GPU (" : " GPUs (")
                + usable.stream().map(Gpu::name).collect(Collectors.joining(", ")) + ") and the CUDA build");
    }
}
