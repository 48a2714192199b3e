package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.RunFailedException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.device.Backend;
import dlx.device.BackendChoice;
import dlx.device.Gpu;
import dlx.device.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Running out of memory is one line saying what to change: the batch size and the model's size, by their numbers.
 * On CUDA, ND4J's allocation failures are recognized as the GPU's memory running out (dlx.device.GpuMemory); the run
 * then fails like any other (exit 1), after checkpoints that were each renamed into place whole.
 */
class OutOfMemoryMessageTest {
    private static final Experiment MLP = ExperimentFile.parse("""
            model: {input: [784], layers: [{type: dense, units: 128}, {type: output, units: 10}]}
            training: {batch_size: 4096}
            """, "exp.yaml", false, List.of(), "mlp", d -> List.of(784));
    private static final Placement A100 = new Placement(BackendChoice.CUDA, Backend.CUDA, null, 1,
            List.of(new Gpu(0, "NVIDIA A100-SXM4-40GB", 40960, "8.0")));

    @Test
    void theGpuRunningOutNamesTheGpuTheBatchSizeAndTheModelsSize() {
        RuntimeException failure = TrainingRun.failure(new RuntimeException(
                "Failed to allocate 3221225472 bytes from DEVICE [0] memory"), MLP, A100);
        assertThat(failure).isInstanceOf(RunFailedException.class).hasMessage("out of GPU memory on NVIDIA A100-SXM4-40GB"
                + " (Failed to allocate 3221225472 bytes from DEVICE [0] memory); lower training.batch_size (now 4096) or"
                + " the model's size (101,770 parameters)");
    }

    @Test
    void theJvmRunningOutNamesTheLimitsToo() {
        RuntimeException failure = TrainingRun.failure(new OutOfMemoryError("Java heap space"), MLP, Placement.cpu());
        assertThat(failure).hasMessage("out of memory (Java heap space); lower training.batch_size (now 4096) or the"
                + " model's size (101,770 parameters), or raise the limits in DLX_JAVA_OPTS (-Xmx,"
                + " -Dorg.bytedeco.javacpp.maxbytes, -Dorg.bytedeco.javacpp.maxphysicalbytes)");
    }

    @Test
    void otherErrorsStayAsTheyAre() {
        RuntimeException shape = new IllegalStateException("Input shape mismatch");
        assertThat(TrainingRun.failure(shape, MLP, A100)).isSameAs(shape);
        RuntimeException cpuWords = new RuntimeException("Failed to allocate 10 bytes from DEVICE [0] memory");
        assertThat(TrainingRun.failure(cpuWords, MLP, Placement.cpu())).as("only the CUDA build says so").isSameAs(cpuWords);
    }
}
