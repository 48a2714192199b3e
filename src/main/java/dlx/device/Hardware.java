package dlx.device;

import java.util.stream.Collectors;

/**
 * What run.json records a run ran on.
 *
 * @param backend cpu or cuda
 * @param device  the CPU's model, or the GPUs' names
 * @param driver  the NVIDIA driver's version; null on the CPU
 */
public record Hardware(String backend, String device, String driver) {
    public static Hardware of(Placement placement) {
        if (placement.backend() == Backend.CPU) {
            return new Hardware("cpu", Cpu.probe().model(), null);
        }
        String names = placement.gpus().stream().map(Gpu::name).collect(Collectors.joining(", "));
        return new Hardware("cuda", names, NvidiaSmi.probe().driver());
    }
}
