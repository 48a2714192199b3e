package dlx.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.model.NetworkFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A checkpoint zip: DL4J's own entries (configuration, coefficients, updater state) plus
 * {@code dlx/config.yaml} (the resolved experiment) and {@code dlx/state.json} (the loop's counters),
 * so that eval and resume need nothing else. Written atomically: a reader never sees half a file.
 */
public final class Checkpoint {
    static final String CONFIG_ENTRY = "dlx/config.yaml";
    static final String STATE_ENTRY = "dlx/state.json";

    /** A checkpoint read back. */
    public record Loaded(MultiLayerNetwork network, Experiment experiment, TrainingState state) {
    }

    private Checkpoint() {
    }

    public static void write(Path target, MultiLayerNetwork network, Experiment experiment, TrainingState state) {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, model, true);
        } catch (IOException e) {
            throw new IllegalStateException("DL4J could not serialize the network", e);
        }
        byte[] config = ExperimentFile.toYaml(experiment).getBytes(StandardCharsets.UTF_8);
        byte[] stateJson;
        try {
            stateJson = Json.MAPPER.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("training state always serializes", e);
        }
        RunFolder.writeAtomically(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            try (ZipInputStream dl4j = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()))) {
                for (ZipEntry entry; (entry = dl4j.getNextEntry()) != null; ) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    dl4j.transferTo(zip);
                    zip.closeEntry();
                }
            }
            put(zip, CONFIG_ENTRY, config);
            put(zip, STATE_ENTRY, stateJson);
            zip.finish();
        });
    }

    public static Loaded read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(file + ": no such checkpoint file");
        }
        Experiment experiment;
        TrainingState state;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            experiment = ExperimentFile.fromResolvedYaml(text(zip, file, CONFIG_ENTRY), file + "!" + CONFIG_ENTRY);
            state = Json.MAPPER.readValue(text(zip, file, STATE_ENTRY), TrainingState.class);
            if (zip.getEntry("configuration.json") == null || zip.getEntry("coefficients.bin") == null) {
                throw new RunFolderException(file + ": not a dlx checkpoint (no network inside)");
            }
        } catch (ZipException e) {
            throw new RunFolderException(file + ": not a checkpoint (not a readable zip: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new RunFolderException(file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            return new Loaded(NetworkFactory.withKernels(network, experiment), experiment, state);
        } catch (IOException | RuntimeException e) {
            throw new RunFolderException(file + ": the network inside cannot be loaded (" + e.getMessage() + ")", e);
        }
    }

    private static String text(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new RunFolderException(file + ": not a dlx checkpoint (no " + name + " inside)");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
