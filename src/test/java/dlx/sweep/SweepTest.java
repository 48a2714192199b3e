package dlx.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.run.RunFolder;
import dlx.run.RunInfo;
import dlx.run.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's bookkeeping with a launcher that trains nothing: rungs, survivors, resuming, the leaderboard. */
class SweepTest {
    @TempDir
    Path dir;

    @Test
    void topPngLabelsATrialByItsNameAndTheLastPartOfEachSweptKey() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("optimizer.lr", "0.007873");
        parameters.put("regularization.l2", "7.139e-06");
        parameters.put("model.layers[0].units", "8");
        var trial = new Sweep.Trial(14, "trial-014", parameters, "completed", 0.66, 10, null, null);
        assertThat(Sweep.legendLabel(trial)).isEqualTo("trial-014 lr=0.007873 l2=7.139e-06 units=8");
    }

    private static SweepSpec halving(int trials) {
        return new SweepSpec("lr", "base.yaml", List.of("optimizer.lr=uniform(0, 1)"), "halving", trials, 2,
                "val_accuracy", "max", 7, List.of(), 3, 1, null);
    }

    /**
     * Plays each task as if it trained: its trial's run folder gains rows up to the rung's epochs, with
     * val_accuracy = lr at every epoch, so the trial with the highest learning rate is the best. Tasks of a rung
     * are resolved the way a task process does, through {@link Sweep#task}.
     */
    private static final class ScriptedLauncher implements TrialLauncher {
        private final Path sweepDir;
        private Sweep sweep;
        private final List<String> ran = new ArrayList<>();
        /** Trials to leave interrupted halfway through their task, as a scancel would. */
        private final List<Integer> interrupt = new ArrayList<>();
        /** Trials whose task is refused before it has a run folder, as an invalid trial config is. */
        private final List<Integer> refuse = new ArrayList<>();

        ScriptedLauncher(Path sweepDir) {
            this.sweepDir = sweepDir;
        }

        @Override
        public Started start(Sweep.Rung rung, Started after) {
            for (int id : rung.tasks()) {
                sweep.task(rung.index(), id, rung.ranked()).ifPresent(task -> {
                    ran.add(rung.index() + ":" + task.name());
                    if (refuse.contains(task.index())) {
                        sweep.recordFailure(task.index(), "--set optimizer.lr: must be > 0, got 0");
                    } else {
                        train(task);
                    }
                });
            }
            return new Started() {
            };
        }

        private void train(Sweep.TrialTask task) {
            double lr = Double.parseDouble(task.parameters().get("optimizer.lr"));
            int epochs = task.epochs() == null ? 9 : task.epochs();
            boolean interrupted = interrupt.remove((Integer) task.index());
            try {
                Path folder;
                try (Stream<Path> folders = Files.list(sweepDir.resolve("trials"))) {
                    folder = folders.filter(f -> f.getFileName().toString().endsWith(task.name())).findFirst()
                            .orElse(null);
                }
                if (folder == null) {
                    try (RunFolder created = RunFolder.create(sweepDir.resolve("trials"), task.name(), LocalDateTime.now())) {
                        folder = created.dir();
                    }
                }
                Files.writeString(folder.resolve("config.yaml"), "name: " + task.name() + "\n");
                Path metrics = folder.resolve("metrics.csv");
                int done = Files.exists(metrics) ? Files.readAllLines(metrics).size() - 1 : 0;
                if (done == 0) {
                    Files.writeString(metrics, "epoch,iteration,lr,val_accuracy,seconds,samples_per_s\n");
                }
                int last = interrupted ? done + (epochs - done) / 2 : epochs;
                for (int epoch = done + 1; epoch <= last; epoch++) {
                    Files.writeString(metrics, epoch + "," + epoch * 10 + "," + lr + "," + lr + ",1.0,100.0\n",
                            java.nio.file.StandardOpenOption.APPEND);
                }
                try (RunFolder run = RunFolder.lockForResume(folder)) {
                    new RunInfo(run.id(), task.name(), interrupted ? RunStatus.INTERRUPTED : RunStatus.COMPLETED,
                            "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", List.of(), 7, "test", null, null, null, null,
                            null, null, last, null, null, null, null, null, null, null, "uid-" + task.name()).writeTo(run);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void await() {
        }

        @Override
        public boolean waits() {
            return true;
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean stopping() {
            return false;
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }

    private record Played(Sweep sweep, ScriptedLauncher launcher, String console) {
    }

    private Played play(SweepSpec spec, int baseEpochs, List<Integer> interrupt) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Sweep sweep = new Sweep(dir, spec, baseEpochs, new PrintWriter(new java.io.OutputStreamWriter(console, StandardCharsets.UTF_8), true));
        ScriptedLauncher launcher = new ScriptedLauncher(dir);
        launcher.sweep = sweep;
        launcher.interrupt.addAll(interrupt);
        sweep.run(launcher);
        return new Played(sweep, launcher, console.toString(StandardCharsets.UTF_8));
    }

    private static List<Integer> byLr(Sweep sweep) {
        return java.util.stream.IntStream.range(0, sweep.size()).boxed().sorted(Comparator.comparing((Integer i) ->
                Double.parseDouble(sweep.trial(i).parameters().get("optimizer.lr"))).reversed()).toList();
    }

    @Test
    void halvingTrainsTheBestThirdThreeTimesLongerAtEachRung() {
        Played played = play(halving(9), 9, List.of());
        List<Integer> best = byLr(played.sweep());
        assertThat(played.sweep().trial(best.get(0)).epochs()).isEqualTo(9);
        assertThat(best.subList(1, 3)).allMatch(i -> played.sweep().trial(i).epochs() == 3);
        assertThat(best.subList(3, 9)).allMatch(i -> played.sweep().trial(i).epochs() == 1);
        assertThat(played.launcher().ran).hasSize(9 + 3 + 1);
        assertThat(played.console()).contains("rung of 1 epochs done: 3 of 9 trials go on")
                .contains("rung of 3 epochs done: 1 of 3 trials go on");
    }

    @Test
    void aLaterRungsTaskIsARankResolvedWhenItStarts() {
        play(new SweepSpec("lr", "base.yaml", List.of("optimizer.lr=uniform(0, 1)"), "random", 9, 2, "val_accuracy",
                "max", 7, List.of(), 3, 1, null), 9, List.of()); // the same 9 trials, done: halving's rung 0 is then done too
        Sweep sweep = new Sweep(dir, halving(9), 9, new PrintWriter(new ByteArrayOutputStream()));
        List<Integer> best = byLr(sweep);
        // the trials have 9 epochs already: nothing is left to do for any rank; the ranks still name the best
        assertThat(sweep.survivors(1)).containsExactlyElementsOf(best.subList(0, 3));
        assertThat(sweep.survivors(2)).containsExactly(best.get(0));
        assertThat(sweep.task(1, 0, true)).isEmpty();
        assertThat(sweep.task(2, 5, true)).as("beyond the survivors").isEmpty();
    }

    @Test
    void aRankOfARungAfterOneThatWasCutShortTrainsNothing() throws IOException {
        Files.createDirectories(dir.resolve("trials"));
        ScriptedLauncher launcher = new ScriptedLauncher(dir);
        Sweep sweep = new Sweep(dir, halving(3), 9, new PrintWriter(new ByteArrayOutputStream()));
        launcher.sweep = sweep;
        launcher.interrupt.add(1);
        // rung 0 alone, as when scancel hits its job and Slurm then starts rung 1's (afterany)
        launcher.start(new Sweep.Rung(0, 1, List.of(0, 1, 2), false), null);
        assertThat(sweep.trial(1).status()).isEqualTo("interrupted");
        assertThat(sweep.task(1, 0, true)).isEmpty();
    }

    @Test
    void aResumedHalvingSweepRunsOnlyWhatWasInterrupted() {
        Played first = play(halving(9), 9, List.of());
        List<Integer> best = byLr(first.sweep());
        // the best trial's last rung is cut short, as scancel would
        Path folder = first.sweep().trial(best.get(0)).run();
        List<String> rows = new ArrayList<>(readLines(folder.resolve("metrics.csv")).subList(0, 1 + 5));
        writeLines(folder.resolve("metrics.csv"), rows);
        RunInfo info = RunInfo.readFrom(RunFolder.open(folder));
        info.ended(RunStatus.INTERRUPTED, info.ended(), null).writeTo(RunFolder.open(folder));

        Played resumed = play(halving(9), 9, List.of());
        assertThat(resumed.launcher().ran).containsExactly("2:" + Sweep.trialName(best.get(0)));
        assertThat(resumed.sweep().trial(best.get(0)).epochs()).isEqualTo(9);
        assertThat(resumed.console()).doesNotContain(Sweep.trialName(best.get(1)) + ": optimizer");
    }

    @Test
    void aTrialRefusedBeforeItHadARunFolderIsFailedWithItsReasonAndNotRunAgain() throws IOException {
        SweepSpec random = new SweepSpec("lr", "base.yaml", List.of("optimizer.lr=uniform(0, 1)"), "random", 3, 2,
                "val_accuracy", "max", 7, List.of(), 3, 1, null);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Sweep sweep = new Sweep(dir, random, 9, new PrintWriter(new java.io.OutputStreamWriter(console, StandardCharsets.UTF_8), true));
        ScriptedLauncher launcher = new ScriptedLauncher(dir);
        launcher.sweep = sweep;
        launcher.refuse.add(1);
        sweep.run(launcher);
        assertThat(sweep.trial(1).status()).isEqualTo("failed");
        assertThat(sweep.trial(1).reason()).isEqualTo("--set optimizer.lr: must be > 0, got 0");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("trial-001: failed: --set optimizer.lr: must be > 0");
        assertThat(Files.readAllLines(dir.resolve("leaderboard.csv"))).anyMatch(l -> l.startsWith(",trial-001,failed,,0,,")
                && l.endsWith(",\"--set optimizer.lr: must be > 0, got 0\""));

        Played resumed = play(random, 9, List.of());
        assertThat(resumed.launcher().ran).as("nothing left to run").isEmpty();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeLines(Path file, List<String> lines) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
