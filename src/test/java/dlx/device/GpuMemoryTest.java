package dlx.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ND4J's CUDA backend reports exhausted GPU memory as plain RuntimeExceptions; these are its words (1.0.0-M2.1). */
class GpuMemoryTest {
    @Test
    void theCudaBackendsAllocationFailuresAreOutOfGpuMemory() {
        // org.nd4j.jita.memory.CudaMemoryManager.allocate
        assertThat(GpuMemory.exhausted(new RuntimeException("Failed to allocate 1073741824 bytes from DEVICE [0] memory")))
                .isTrue();
        // the same, with libnd4j's last error in front
        assertThat(GpuMemory.exhausted(new RuntimeException(new RuntimeException(
                "cudaMalloc failed; Error code: [2]; Bytes: [268435456]; Error code [2]; DEVICE [0]")))).isTrue();
        assertThat(GpuMemory.exhausted(new RuntimeException("CUBLAS_STATUS_ALLOC_FAILED"))).isTrue();
        assertThat(GpuMemory.detail(new IllegalStateException("op failed", new RuntimeException(
                "Failed to allocate 1073741824 bytes from DEVICE [0] memory\n\tmore"))))
                .isEqualTo("Failed to allocate 1073741824 bytes from DEVICE [0] memory");
    }

    @Test
    void otherErrorsAndTheJvmsOwnOutOfMemoryAreNot() {
        assertThat(GpuMemory.exhausted(new IllegalStateException("Input shape [10, 3] does not match [10, 4]"))).isFalse();
        assertThat(GpuMemory.exhausted(new OutOfMemoryError("Cannot allocate 1000 + 2000 bytes (> Pointer.maxBytes)")))
                .isFalse();
    }
}
