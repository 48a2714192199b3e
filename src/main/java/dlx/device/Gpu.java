package dlx.device;

/**
 * One NVIDIA GPU as the driver lists it.
 *
 * @param computeCapability major.minor ("8.6"), or null from drivers older than 510 that cannot tell
 */
public record Gpu(int index, String name, long memoryMib, String computeCapability) {
    /** The oldest and newest GPU generations the CUDA build's kernels were compiled for (docs/cuda.md). */
    static final double OLDEST = 3.7;
    static final int NEWEST_MAJOR = 8;

    /**
     * Whether the CUDA build can run kernels on this GPU: libnd4jcuda.so of nd4j-cuda-11.6 1.0.0-M2.1 holds
     * machine code for sm_37, 50, 52, 60, 61, 70, 75, 80 and 86 and no PTX, so nothing newer than the 8.x family
     * (Hopper, 9.0) can load them. Null when the capability is unknown.
     */
    public Boolean supported() {
        if (computeCapability == null) {
            return null;
        }
        try {
            double capability = Double.parseDouble(computeCapability);
            return capability >= OLDEST && (int) capability <= NEWEST_MAJOR;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
