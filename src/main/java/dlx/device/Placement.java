package dlx.device;

import dlx.InvalidInputException;
import java.util.List;

/**
 * What a process computes on: the backend asked for and the one this build has, why (for auto), and on how many
 * devices. Made before anything is written, so that a refusal leaves no run folder.
 *
 * @param reason  why auto took this backend (the launcher's words); null when the user named the backend
 * @param devices GPUs a training spreads its batches over (--gpus); 1 on the CPU
 * @param gpus    the GPUs in use, null on the CPU
 */
public record Placement(BackendChoice requested, Backend backend, String reason, int devices, List<Gpu> gpus) {
    /** Set to try a GPU outside the generations the build has kernels for, to see the error CUDA gives there. */
    public static final String ANY_GPU_ENV = "DLX_CUDA_ANY_GPU";
    /** Set by the launcher when it resolved auto: why it took the jar it took. */
    public static final String REASON_ENV = "DLX_BACKEND_REASON";

    /** The CPU placement of a process that never asked (tests, commands without --backend). */
    public static Placement cpu() {
        return new Placement(BackendChoice.CPU, Backend.CPU, null, 1, null);
    }

    /**
     * Checks the request against this build and, on CUDA, against the GPUs ND4J finds (which loads ND4J).
     *
     * @throws InvalidInputException one line saying what is missing and how to get it
     */
    public static Placement choose(BackendChoice requested, int devices, String launcherReason) {
        return choose(requested, devices, launcherReason, true);
    }

    /**
     * @param loadDevices false checks the build only and leaves ND4J unloaded, for a process that computes nothing
     *                    itself (a sweep's parent: its trials check their GPUs); its placement lists no GPUs
     */
    public static Placement choose(BackendChoice requested, int devices, String launcherReason, boolean loadDevices) {
        Backend build = Backend.ofThisBuild();
        if (requested != BackendChoice.AUTO && !requested.toString().equals(build.id())) {
            throw new InvalidInputException(build == Backend.CPU
                    ? "--backend cuda: this is dlx's CPU build; start dlx as ./dlx --backend cuda, which builds and runs"
                            + " target/dlx-cuda.jar (see docs/cuda.md)"
                    : "--backend cpu: this is dlx's CUDA build; start dlx as ./dlx --backend cpu, which runs target/dlx.jar");
        }
        if (devices < 1) {
            throw new InvalidInputException("--gpus " + devices + ": must be 1 or more");
        }
        if (build == Backend.CPU && devices > 1) {
            throw new InvalidInputException("--gpus " + devices + ": training on several GPUs needs --backend cuda; the CPU"
                    + " backend trains on one device");
        }
        String reason = requested != BackendChoice.AUTO ? null
                : launcherReason != null && !launcherReason.isBlank() ? launcherReason
                : "this is the " + build.id() + " build, started without the launcher";
        if (build == Backend.CPU || !loadDevices) {
            return new Placement(requested, build, reason, build == Backend.CPU ? 1 : devices, null);
        }
        String asked = requested == BackendChoice.AUTO ? "backend auto chose cuda (" + reason + ")" : "--backend cuda";
        List<Gpu> gpus = CudaDevices.load(asked);
        if (gpus.isEmpty()) {
            throw new InvalidInputException(asked + ", but ND4J's CUDA backend sees no GPU (CUDA_VISIBLE_DEVICES="
                    + System.getenv("CUDA_VISIBLE_DEVICES") + "); check nvidia-smi, or use --backend cpu");
        }
        if (devices > gpus.size()) {
            throw new InvalidInputException("--gpus " + devices + ": this machine has " + gpus.size()
                    + (gpus.size() == 1 ? " GPU" : " GPUs") + " that CUDA can use; use --gpus " + gpus.size() + " or fewer");
        }
        List<Gpu> used = gpus.subList(0, devices);
        for (Gpu gpu : used) {
            if (Boolean.FALSE.equals(gpu.supported()) && System.getenv(ANY_GPU_ENV) == null) {
                throw new InvalidInputException(asked + ", but GPU " + gpu.index() + " (" + gpu.name() + ") has compute"
                        + " capability " + gpu.computeCapability() + "; dlx's CUDA build (nd4j-cuda-11.6 1.0.0-M2.1) has"
                        + " kernels for 3.7 to 8.9 only (docs/cuda.md); use --backend cpu, or set " + ANY_GPU_ENV
                        + "=1 to try it anyway");
            }
        }
        return new Placement(requested, build, reason, devices, List.copyOf(used));
    }

    /** "cpu" or "cuda on NVIDIA A100" (with --gpus 2: "cuda on 2 x NVIDIA A100"). */
    public String describe() {
        return backend == Backend.CPU ? "cpu" : gpus == null ? "cuda"
                : "cuda on " + (devices > 1 ? devices + " x " : "") + gpus.get(0).name();
    }

    /** What auto chose and why, for a command's first line; null when the user named the backend. */
    public String announcement() {
        return reason == null ? null : "backend auto chose " + describe() + ": " + reason;
    }
}
