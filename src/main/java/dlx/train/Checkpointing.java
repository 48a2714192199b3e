package dlx.train;

import dlx.run.Checkpoint;
import dlx.run.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Writes checkpoints/last.zip after every epoch, best.zip when the epoch is the best so far, and
 * epoch-NNNN.zip keeping the newest {@code keep_last}. On interruption last.zip gets the weights of
 * the last finished iteration; on divergence nothing is written, so the last good checkpoint stays.
 */
public final class Checkpointing implements LoopListener {
    public static final String LAST = "last.zip";
    public static final String BEST = "best.zip";
    private final RunFolder folder;
    private final int keepLast;
    private final String runId;
    private TrainingContext context;

    /** @param runId run.json's id: each checkpoint says which run it belongs to */
    public Checkpointing(RunFolder folder, int keepLast, String runId) {
        this.folder = folder;
        this.keepLast = keepLast;
        this.runId = runId;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        Path last = save(LAST);
        if (context.bestEpoch() == result.epoch()) {
            copy(last, BEST);
        }
        if (keepLast > 0) {
            copy(last, String.format("epoch-%04d.zip", result.epoch()));
            prune();
        }
    }

    @Override
    public void onTrainEnd(Outcome outcome) {
        if (outcome.status().equals(Outcome.INTERRUPTED)) {
            save(LAST);
        }
    }

    private Path save(String name) {
        Path target = folder.checkpoints().resolve(name);
        Checkpoint.write(target, context.network(), context.experiment(), context.state(), runId);
        return target;
    }

    private void copy(Path source, String name) {
        RunFolder.writeAtomically(folder.checkpoints().resolve(name), out -> Files.copy(source, out));
    }

    private void prune() {
        try (Stream<Path> files = Files.list(folder.checkpoints())) {
            var epochs = files.filter(p -> p.getFileName().toString().matches("epoch-\\d{4,}\\.zip")).sorted().toList();
            for (Path old : epochs.subList(0, Math.max(0, epochs.size() - keepLast))) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
