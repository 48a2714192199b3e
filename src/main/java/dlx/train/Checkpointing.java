package dlx.train;

import dlx.data.Preprocessing;
import dlx.run.Checkpoint;
import dlx.run.CsvRows;
import dlx.run.RunFolder;
import dlx.run.RunInfo;
import dlx.run.RunStatus;
import dlx.run.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints/last.zip after every epoch, best.zip when the epoch is the best so far, and
 * epoch-NNNN.zip keeping the newest {@code keep_last}. On interruption last.zip gets the weights of
 * the last finished iteration; on divergence nothing is written, so the last good checkpoint stays.
 */
public final class Checkpointing implements LoopListener {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointing.class);
    private final RunFolder folder;
    private final int keepLast;
    private final RunInfo run;
    private final Preprocessing preprocessing;
    private TrainingContext context;

    /**
     * @param run           run.json as the run starts: each checkpoint says which run it belongs to
     * @param preprocessing what the run does to its data: each checkpoint carries it for dlx predict
     */
    public Checkpointing(RunFolder folder, int keepLast, RunInfo run, Preprocessing preprocessing) {
        this.folder = folder;
        this.keepLast = keepLast;
        this.run = run;
        this.preprocessing = preprocessing;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        Path last = save(RunFolder.LAST);
        if (context.bestEpoch() == result.epoch()) {
            copy(last, RunFolder.BEST);
        }
        if (keepLast > 0) {
            copy(last, epochFile(folder, result.epoch()).getFileName().toString());
            prune();
        }
    }

    @Override
    public void onTrainEnd(Outcome outcome) {
        if (outcome.status() == RunStatus.INTERRUPTED) {
            save(RunFolder.LAST);
        }
    }

    /**
     * The epoch whose weights best.zip holds, or null without a readable best.zip: what summary.json and run.json
     * call the best epoch.
     */
    static Integer epochInBest(RunFolder folder) {
        TrainingState held = header(folder.checkpoints().resolve(RunFolder.BEST));
        return held == null ? null : held.epochsCompleted();
    }

    /**
     * Makes best.zip hold the epoch that a resumed run's {@code state} calls best. A run killed, or out of disk,
     * between writing last.zip and best.zip left last.zip naming a best epoch whose weights best.zip does not
     * hold: they are still in last.zip, saved at the end of that very epoch, or in its epoch-NNNN.zip, and are
     * copied. Failing that, the best epoch becomes the one best.zip holds, or none. Either way the best epoch
     * recorded anywhere is then the epoch whose weights are in best.zip.
     *
     * @return {@code state}, or {@code state} with the best epoch that best.zip holds
     */
    static TrainingState agreeWithBest(RunFolder folder, TrainingState state) {
        Path bestZip = folder.checkpoints().resolve(RunFolder.BEST);
        TrainingState held = header(bestZip);
        int best = state.bestEpoch();
        if (best > 0 && held != null && held.epochsCompleted() == best) {
            return state;
        }
        Double endOfBest = CsvRows.read(folder.file(RunFolder.METRICS)).stream()
                .filter(row -> row.get("epoch") == best).map(row -> row.get("iteration")).findFirst().orElse(null);
        for (Path candidate : List.of(folder.checkpoints().resolve(RunFolder.LAST), epochFile(folder, best))) {
            TrainingState saved = best > 0 && endOfBest != null ? header(candidate) : null;
            if (saved != null && saved.epochsCompleted() == best && saved.iteration() == endOfBest) {
                RunFolder.writeAtomically(bestZip, out -> Files.copy(candidate, out));
                LOG.warn("best.zip did not hold epoch {}, the best so far; copied it from {}", best, candidate.getFileName());
                return state;
            }
        }
        if (held != null && held.epochsCompleted() <= state.epochsCompleted()) {
            LOG.warn("epoch {}'s weights are lost; the best epoch is now {}, whose weights best.zip holds", best,
                    held.epochsCompleted());
            return state.withBest(held.epochsCompleted(), held.bestValue());
        }
        try {
            Files.deleteIfExists(bestZip);
        } catch (IOException e) {
            throw new UncheckedIOException(bestZip + ": cannot delete (" + e.getMessage() + ")", e);
        }
        if (best > 0) {
            LOG.warn("epoch {}'s weights are lost and best.zip holds no earlier epoch: the next epoch becomes the best", best);
        }
        return state.withBest(0, null);
    }

    /** A checkpoint's counters, or null when it is missing or cannot be read. */
    private static TrainingState header(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Checkpoint.readHeader(file).state();
        } catch (RuntimeException unreadable) {
            LOG.warn("{} cannot be read: {}", file, unreadable.getMessage());
            return null;
        }
    }

    private static Path epochFile(RunFolder folder, int epoch) {
        return folder.checkpoints().resolve(RunFolder.epochCheckpoint(epoch));
    }

    private Path save(String name) {
        Path target = folder.checkpoints().resolve(name);
        Checkpoint.write(target, context.network(), context.experiment(), context.state(), preprocessing, run.id(),
                run.uid());
        return target;
    }

    private void copy(Path source, String name) {
        RunFolder.writeAtomically(folder.checkpoints().resolve(name), out -> Files.copy(source, out));
    }

    private void prune() {
        try (Stream<Path> files = Files.list(folder.checkpoints())) {
            var epochs = files.filter(p -> RunFolder.isEpochCheckpoint(p.getFileName().toString())).sorted().toList();
            for (Path old : epochs.subList(0, Math.max(0, epochs.size() - keepLast))) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
