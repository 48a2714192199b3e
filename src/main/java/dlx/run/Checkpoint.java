package dlx.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dlx.Limits;
import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.ModelSummary;
import dlx.data.Preprocessing;
import dlx.model.NetworkFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A checkpoint zip: DL4J's own entries (configuration, coefficients, updater state) plus
 * {@code dlx/config.yaml} (the resolved experiment), {@code dlx/state.json} (the loop's counters),
 * {@code dlx/preprocessing.json} (the normalisation fitted on the training split, the feature columns and class names)
 * and {@code dlx/identity.json} (the run it belongs to and a checksum of every entry), so that eval, predict and
 * resume need nothing else. Written atomically: a reader never sees half a file. Read with a bound on every entry:
 * a zip that inflates to gigabytes is refused, not loaded.
 */
public final class Checkpoint {
    static final String CONFIG_ENTRY = "dlx/config.yaml";
    static final String STATE_ENTRY = "dlx/state.json";
    static final String IDENTITY_ENTRY = "dlx/identity.json";
    static final String PREPROCESSING_ENTRY = "dlx/preprocessing.json";
    private static final String NETWORK_ENTRY = "configuration.json";
    private static final String WEIGHTS_ENTRY = "coefficients.bin";
    private static final String UPDATER_ENTRY = "updaterState.bin";
    private static final String WHAT_TO_DO = "use another checkpoint (checkpoints/epoch-NNNN.zip, last.zip, best.zip)"
            + " or train again";

    static {
        RenamedClasses.register();
    }

    /**
     * Which run wrote a checkpoint, and what it wrote: a checkpoint copied from another run, or changed after it
     * was saved, is told apart from the run's own.
     *
     * @param runId  run.json's id of the run that saved it
     * @param runUid run.json's uid of that run (null before dlx recorded one): ids repeat across runs folders
     * @param sha256 each entry's SHA-256, as written
     */
    public record Identity(String runId, String runUid, Map<String, String> sha256) {
    }

    /**
     * A checkpoint read back; {@code identity} and {@code preprocessing} are null for checkpoints saved before dlx
     * recorded them.
     */
    public record Loaded(MultiLayerNetwork network, Experiment experiment, TrainingState state, Identity identity,
                         Preprocessing preprocessing) {
    }

    /** What a checkpoint says about itself, read without its network: cheap enough for every run of a listing. */
    public record Header(TrainingState state, Identity identity) {
    }

    private Checkpoint() {
    }

    /**
     * @param preprocessing what the run did to its data (null only when copying a checkpoint that has none)
     * @param runId         and runUid: the run the checkpoint belongs to (run.json's id and uid)
     */
    public static void write(Path target, MultiLayerNetwork network, Experiment experiment, TrainingState state,
                             Preprocessing preprocessing, String runId, String runUid) {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, model, true);
        } catch (IOException e) {
            throw new IllegalStateException("DL4J could not serialize the network", e);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream dl4j = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()))) {
            for (ZipEntry entry; (entry = dl4j.getNextEntry()) != null; ) {
                entries.put(entry.getName(), dl4j.readAllBytes());
            }
        } catch (IOException e) {
            throw new IllegalStateException("DL4J's own zip always reads back", e);
        }
        entries.put(CONFIG_ENTRY, ExperimentFile.toYaml(experiment).getBytes(StandardCharsets.UTF_8));
        entries.put(STATE_ENTRY, json(state));
        if (preprocessing != null) {
            entries.put(PREPROCESSING_ENTRY, json(preprocessing));
        }
        Map<String, String> sums = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> sums.put(name, sha256(bytes)));
        entries.put(IDENTITY_ENTRY, json(new Identity(runId, runUid, sums)));
        RunFolder.writeAtomically(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                put(zip, entry.getKey(), entry.getValue());
            }
            zip.finish();
        });
    }

    /** The whole checkpoint: network, config, counters; every entry checked against its bound and checksum. */
    public static Loaded read(Path file) {
        Map<String, byte[]> entries = entries(file, true);
        Identity identity = identity(file, entries);
        Experiment experiment = ExperimentFile.fromResolvedYaml(
                new String(entries.get(CONFIG_ENTRY), StandardCharsets.UTF_8), file + "!" + CONFIG_ENTRY);
        TrainingState state = state(file, entries);
        Preprocessing preprocessing = preprocessing(file, entries);
        MultiLayerNetwork network = network(file, entries);
        long described = ModelSummary.totalParameters(experiment.model());
        if (network.numParams() != described) {
            throw new RunFolderException(file + ": its network (" + NETWORK_ENTRY + ", " + network.numParams()
                    + " parameters) is not the one its " + CONFIG_ENTRY + " describes (" + described + " parameters):"
                    + " the file was put together from two checkpoints or changed after it was saved; " + WHAT_TO_DO);
        }
        return new Loaded(NetworkFactory.withKernels(network, experiment), experiment, state, identity, preprocessing);
    }

    /** The counters and identity alone, checked as {@link #read} checks them, without restoring the network. */
    public static Header readHeader(Path file) {
        Map<String, byte[]> entries = entries(file, false);
        return new Header(state(file, entries), identity(file, entries));
    }

    /** The entries dlx and DL4J read, each read no further than its bound; the network's only when asked for. */
    private static Map<String, byte[]> entries(Path file, boolean network) {
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(file + ": no such checkpoint file");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            read(zip, file, CONFIG_ENTRY, Limits.EXPERIMENT_FILE_BYTES, true, entries);
            read(zip, file, STATE_ENTRY, Limits.SMALL_JSON_BYTES, true, entries);
            read(zip, file, IDENTITY_ENTRY, Limits.SMALL_JSON_BYTES, false, entries);
            if (zip.getEntry(NETWORK_ENTRY) == null || zip.getEntry(WEIGHTS_ENTRY) == null) {
                throw new RunFolderException(file + ": not a dlx checkpoint (no network inside)");
            }
            if (network) {
                read(zip, file, PREPROCESSING_ENTRY, Limits.PREPROCESSING_BYTES, false, entries);
                read(zip, file, NETWORK_ENTRY, Limits.NETWORK_CONFIG_BYTES, true, entries);
                read(zip, file, WEIGHTS_ENTRY, Limits.weightBytes(), true, entries);
                read(zip, file, UPDATER_ENTRY, Limits.weightBytes(), false, entries);
            }
        } catch (ZipException e) {
            throw new RunFolderException(file + ": not a checkpoint (not a readable zip: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new RunFolderException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return entries;
    }

    private static void read(ZipFile zip, Path file, String name, long limit, boolean required,
                             Map<String, byte[]> into) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            if (required) {
                throw new RunFolderException(file + ": not a dlx checkpoint (no " + name + " inside)");
            }
            return;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            into.put(name, Limits.readAtMost(in, limit));
        } catch (Limits.TooLarge e) {
            throw new RunFolderException(file + ": its " + name + " inflates to more than " + Limits.bytes(limit)
                    + ", more than dlx reads from a checkpoint"
                    + (name.endsWith(".bin") ? " with this heap (raise -Xmx in DLX_JAVA_OPTS for a network that big)"
                    : "; it is not a checkpoint dlx wrote"));
        }
    }

    /** The identity, after checking every entry read against the checksum it records. */
    private static Identity identity(Path file, Map<String, byte[]> entries) {
        byte[] json = entries.get(IDENTITY_ENTRY);
        if (json == null) {
            return null; // saved by a dlx that recorded none: nothing to check against
        }
        Identity identity;
        try {
            identity = Json.MAPPER.readValue(json, Identity.class);
        } catch (IOException e) {
            throw new RunFolderException(file + ": its " + IDENTITY_ENTRY + " is damaged; " + WHAT_TO_DO);
        }
        Map<String, String> sums = identity.sha256() == null ? Map.of() : identity.sha256();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            String recorded = sums.get(entry.getKey());
            if (!entry.getKey().equals(IDENTITY_ENTRY) && !sha256(entry.getValue()).equals(recorded)) {
                throw new RunFolderException(file + ": its " + entry.getKey() + " is not what dlx saved (its checksum"
                        + " differs from the one in " + IDENTITY_ENTRY + "): the file was changed after it was saved; "
                        + WHAT_TO_DO);
            }
        }
        return identity;
    }

    private static TrainingState state(Path file, Map<String, byte[]> entries) {
        try {
            return Json.MAPPER.readValue(entries.get(STATE_ENTRY), TrainingState.class);
        } catch (IOException e) {
            throw new RunFolderException(file + ": its " + STATE_ENTRY + " is damaged (" + firstLine(e.getMessage())
                    + "); " + WHAT_TO_DO);
        }
    }

    private static Preprocessing preprocessing(Path file, Map<String, byte[]> entries) {
        byte[] json = entries.get(PREPROCESSING_ENTRY);
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, Preprocessing.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new RunFolderException(file + ": its " + PREPROCESSING_ENTRY + " is damaged (" + firstLine(e.getMessage())
                    + "); " + WHAT_TO_DO);
        }
    }

    /**
     * DL4J's network from its three entries alone: DL4J reads every entry of the zip it is given into memory,
     * so it gets a zip of those, already read within their bounds.
     */
    private static MultiLayerNetwork network(Path file, Map<String, byte[]> entries) {
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(dl4j)) {
            zip.setLevel(Deflater.NO_COMPRESSION);
            for (String name : new String[] {NETWORK_ENTRY, WEIGHTS_ENTRY, UPDATER_ENTRY}) {
                if (entries.containsKey(name)) {
                    put(zip, name, entries.get(name));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("a zip in memory always writes", e);
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(dl4j.toByteArray()), true);
        } catch (IOException | RuntimeException e) {
            throw new RunFolderException(file + ": its network cannot be restored: " + NETWORK_ENTRY + " and "
                    + WEIGHTS_ENTRY + " do not fit together (" + reason(e) + "); the file was put together from two"
                    + " checkpoints or changed after it was saved; " + WHAT_TO_DO, e);
        }
    }

    /** DL4J's own words for what failed, or the kind of failure where it has none. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return firstLine(t.getMessage());
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dlx's own records always serialize", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
