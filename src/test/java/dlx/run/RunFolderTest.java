package dlx.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    private static final LocalDateTime NOON = LocalDateTime.of(2026, 11, 23, 12, 0, 0);

    @TempDir
    Path runs;

    @Test
    void aClashGetsTheNextSuffix() {
        assertThat(RunFolder.create(runs, "mlp", NOON).id()).isEqualTo("20261123-120000-mlp");
        assertThat(RunFolder.create(runs, "mlp", NOON).id()).isEqualTo("20261123-120000-mlp-2");
        assertThat(RunFolder.create(runs, "mlp", NOON).id()).isEqualTo("20261123-120000-mlp-3");
    }

    @Test
    void runsStartedAtTheSameMomentEachGetTheirOwnFolder() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = java.util.stream.IntStream.range(0, 16).mapToObj(i -> new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            ids.add(RunFolder.create(runs, "same", NOON).id());
        })).toList();
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ids).hasSize(16);
    }

    @Test
    void aRunsDirectoryThatCannotBeCreatedIsAClearError() throws Exception {
        Path file = runs.resolve("taken");
        Files.writeString(file, "a file, not a folder");
        assertThatThrownBy(() -> RunFolder.create(file, "mlp", NOON))
                .isInstanceOf(RunFolderException.class)
                .hasMessageStartingWith(file + ": cannot create the runs directory");
    }

    @Test
    void anAtomicWriteLeavesNoTemporaryFileAndReplacesTheOldContent() throws Exception {
        RunFolder folder = RunFolder.create(runs, "mlp", NOON);
        folder.writeAtomically("summary.json", "{\"a\": 1}");
        folder.writeAtomically("summary.json", "{\"a\": 2}");
        assertThat(Files.readString(folder.file("summary.json"))).isEqualTo("{\"a\": 2}");
        try (var files = Files.list(folder.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aRunningRecordWhoseProcessIsGoneReadsAsCrashed() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunFolder folder = RunFolder.create(runs, "mlp", NOON);
        RunInfo running = new RunInfo(folder.id(), "mlp", RunStatus.RUNNING, "2026-11-23T12:00:00Z", null, List.of(), 1, "0",
                null, null, null, null, null, null, 0, null, gone.pid(), RunProcess.current().host(), null, "17", null, null, "u");
        running.writeTo(folder);
        assertThat(RunInfo.readFrom(folder).currentStatus()).isEqualTo(RunStatus.CRASHED);

        RunInfo alive = running.resumed("now", TrainingState.START, RunProcess.current());
        assertThat(alive.currentStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(alive.ended(RunStatus.COMPLETED, "later", null).currentStatus()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aRunFolderIsLockedUntilTheProcessWritingItClosesIt() throws Exception {
        RunFolder writing = RunFolder.create(runs, "mlp", NOON);
        Files.writeString(writing.file("run.json"), "{}");
        assertThatThrownBy(() -> RunFolder.lockForResume(writing.dir()))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(writing.dir() + ": another dlx process is writing this run (" + RunProcess.current().describe()
                        + "; Ctrl-C in its terminal, or kill " + RunProcess.current().pid() + "); wait for it to end or"
                        + " stop it first");
        writing.close();
        try (RunFolder resumed = RunFolder.lockForResume(writing.dir())) {
            assertThat(resumed.dir()).isEqualTo(writing.dir());
        }
    }

    @Test
    void aReusedPidIsNotTakenForTheRunsProcess() {
        RunProcess self = RunProcess.current();
        RunInfo reused = new RunInfo("r", "mlp", RunStatus.RUNNING, "2026-11-23T12:00:00Z", null, List.of(), 1, "0", null, null, null,
                null, null, null, 0, null, self.pid(), self.host(), "2001-01-01T00:00:00Z", "17", null, null, "u");
        assertThat(reused.currentStatus()).as("this pid now belongs to a process started later").isEqualTo(RunStatus.CRASHED);
        assertThat(new RunProcess(self.pid(), self.host(), "2001-01-01T00:00:00Z").aliveHere()).isFalse();
        assertThat(self.aliveHere()).isTrue();
        assertThat(new RunProcess(self.pid(), "another-host", null).aliveHere()).as("never advise a kill elsewhere").isFalse();
    }
}
