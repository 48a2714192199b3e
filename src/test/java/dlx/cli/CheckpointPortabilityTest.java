package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dlx.device.Cpu;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint moves between the CPU and CUDA builds. Only the CPU backend runs here, so this holds what can be held
 * without a GPU: the arrays in a checkpoint are in ND4J's backend-free stream format (CUDA's BaseCudaDataBuffer.write
 * copies to the host and calls the same BaseDataBuffer.write, and reading builds buffers of whatever backend runs),
 * and nothing in dlx refuses a run that another backend trained.
 */
class CheckpointPortabilityTest {
    private static final String XOR = """
            name: xor
            data: {source: synthetic, kind: xor, samples: 120, validation_split: 0.2}
            model: {layers: [{type: dense, units: 6, activation: tanh}, {type: output, units: 2}]}
            optimizer: {type: adam, lr: 0.05}
            training: {epochs: 2, batch_size: 16}
            """;

    @TempDir
    Path dir;

    @Test
    void aCheckpointsArraysAreInNd4jsBackendFreeFormat() throws IOException {
        Path run = trained();
        Path zip = run.resolve("checkpoints/last.zip");
        INDArray params = Checkpoint.read(zip).network().params();
        try (ZipFile file = new ZipFile(zip.toFile());
             DataInputStream in = new DataInputStream(file.getInputStream(file.getEntry("coefficients.bin")))) {
            // the shape information: allocation mode, length, type, then the longs
            in.readUTF();
            long shapeLength = in.readLong();
            assertThat(in.readUTF()).isEqualTo("LONG");
            for (long i = 0; i < shapeLength; i++) {
                in.readLong();
            }
            // the values: allocation mode, length, type, then big-endian floats
            in.readUTF();
            assertThat(in.readLong()).isEqualTo(params.length());
            assertThat(in.readUTF()).isEqualTo("FLOAT");
            float[] values = new float[(int) params.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            assertThat(values).containsExactly(params.toFloatVector());
            assertThat(in.read()).as("nothing after the values").isEqualTo(-1);
        }
    }

    @Test
    void aRunTrainedOnAGpuEvaluatesAndResumesOnTheCpu() throws IOException {
        Path run = trained();
        // what run.json says after a run on a GPU
        ObjectNode info = (ObjectNode) Json.MAPPER.readTree(run.resolve("run.json").toFile());
        info.put("backend", "cuda").put("device", "NVIDIA A100-SXM4-40GB").put("driver", "535.104.05");
        Files.writeString(run.resolve("run.json"), Json.MAPPER.writeValueAsString(info));

        var eval = dlx("eval", "--checkpoint", run.toString(), "--backend", "cpu");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("accuracy");

        var resume = dlx("train", "--resume", run.toString(), "--set", "training.epochs=3", "--backend", "cpu");
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        JsonNode after = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertThat(after.get("epochs_completed").asInt()).isEqualTo(3);
        assertThat(after.get("backend").asText()).isEqualTo("cpu");
        assertThat(after.get("device").asText()).isEqualTo(Cpu.probe().model());
        assertThat(after.has("driver")).isFalse();
        assertThat(Files.readString(run.resolve("train.log")))
                .contains("resumed on cpu; until now it trained on cuda (NVIDIA A100-SXM4-40GB)");
    }

    private Path trained() throws IOException {
        Path runs = dir.resolve("runs");
        var result = dlx("train", "--config", Files.writeString(dir.resolve("xor.yaml"), XOR).toString(), "--runs-dir",
                runs.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return onlyRun(runs);
    }
}
