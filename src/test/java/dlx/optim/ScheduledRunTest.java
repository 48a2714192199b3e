package dlx.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.run.RunStatus;
import dlx.train.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs: the lr column of metrics.csv is what the schedules promise. */
class ScheduledRunTest {
    @TempDir
    Path dir;

    private TrainingRun.Result train(String optimizer, String schedule, int epochs) {
        String yaml = "name: sched\ndata: {source: synthetic, kind: xor, samples: 200, validation_split: 0.2}\n"
                + "model:\n  layers:\n    - {type: dense, units: 4, activation: tanh}\n    - {type: output, units: 2}\n"
                + "optimizer: " + optimizer + "\nschedule: " + schedule + "\ntraining: {epochs: " + epochs
                + ", batch_size: 16}\n";
        Experiment e = ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> List.of(2));
        var options = new TrainingRun.Options(dir.resolve("runs"), dir, List.of("test"),
                new PrintWriter(new ByteArrayOutputStream()), false);
        return new TrainingRun(options).run(e);
    }

    /** metrics.csv's lr column, one value per epoch. */
    private static double[] rates(TrainingRun.Result result) throws IOException {
        List<String> lines = Files.readAllLines(result.folder().dir().resolve("metrics.csv"));
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2])).toArray();
    }

    @Test
    void cosineOverIterationsSpansTheWholeRun() throws IOException {
        double[] lr = rates(train("{type: sgd, lr: 0.4}", "{type: cosine, unit: iteration}", 3));
        // each epoch's first iteration is t = (e − 1)·B of T = 3·B: 0.4·(1 + cos(π(e − 1)/3))/2, whatever B is
        assertThat(lr).containsExactly(new double[] {0.4, 0.3, 0.1}, within(1e-9));
    }

    @Test
    void plateauHalvesTheRateOfARunThatDoesNotImprove() throws IOException {
        // a rate so small that float weights cannot move: train_loss stays exactly the same
        TrainingRun.Result result = train("{type: sgd, lr: 1.0e-30}",
                "{type: plateau, monitor: train_loss, factor: 0.5, patience: 1}", 4);
        assertThat(result.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rates(result)).containsExactly(new double[] {1e-30, 1e-30, 5e-31, 2.5e-31}, within(1e-40));
        assertThat(Files.readString(result.folder().dir().resolve("train.log")))
                .contains("epoch 2: train_loss has not improved for 1 epoch(s) (best ")
                .contains("learning rate lowered to 5.0E-31 (reductions so far: x0.5)")
                .contains("learning rate lowered to 2.5E-31 (reductions so far: x0.25)");
    }

    @Test
    void theDefaultPlateauMonitorIsWrittenToConfigYaml() throws IOException {
        TrainingRun.Result result = train("{type: sgd, lr: 0.1}", "{type: plateau}", 1);
        assertThat(Files.readString(result.folder().dir().resolve("config.yaml")))
                .contains("type: plateau").contains("monitor: val_loss").contains("patience: 10");
    }

    @Test
    void plateauHalvesTheRateOfDlxsOwnNadam() throws IOException {
        // Nadam's steps are about lr whatever the gradient: 1e-30 still leaves float weights where they are
        TrainingRun.Result result = train("{type: nadam, lr: 1.0e-30}",
                "{type: plateau, monitor: train_loss, factor: 0.5, patience: 1}", 4);
        assertThat(result.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rates(result)).containsExactly(new double[] {1e-30, 1e-30, 5e-31, 2.5e-31}, within(1e-40));
    }

    /** DL4J's AdaGrad.clone() dropped the schedule, leaving every layer a NaN rate: diverged at iteration 2. */
    @Test
    void adagradTrainsWithAConstantAndAStepSchedule() throws IOException {
        TrainingRun.Result constant = train("{type: adagrad, lr: 0.1}", "{type: constant}", 3);
        assertThat(constant.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rates(constant)).containsExactly(new double[] {0.1, 0.1, 0.1}, within(1e-12));
        TrainingRun.Result step = train("{type: adagrad, lr: 0.1}", "{type: step, step_size: 1, gamma: 0.5}", 3);
        assertThat(step.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rates(step)).containsExactly(new double[] {0.1, 0.05, 0.025}, within(1e-12));
    }

    @Test
    void adadeltasRateMultiplierFollowsItsSchedule() throws IOException {
        TrainingRun.Result constant = train("{type: adadelta}", "{type: constant}", 2);
        assertThat(constant.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rates(constant)).containsExactly(new double[] {1.0, 1.0}, within(1e-12));
        TrainingRun.Result step = train("{type: adadelta, lr: 0.8}", "{type: step, step_size: 1, gamma: 0.5}", 3);
        assertThat(step.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rates(step)).containsExactly(new double[] {0.8, 0.4, 0.2}, within(1e-12));
    }

    @Test
    void plateauLowersFtrlsRate() throws IOException {
        // ftrl sets the weights to about lr·z/√n: with 1e-30 they are 0 to float precision after the first steps
        TrainingRun.Result result = train("{type: ftrl, lr: 1.0e-30}",
                "{type: plateau, monitor: train_loss, factor: 0.5, patience: 1}", 5);
        assertThat(result.outcome().status()).isEqualTo(RunStatus.COMPLETED);
        double[] lr = rates(result);
        assertThat(lr[0]).isEqualTo(1e-30);
        assertThat(lr[lr.length - 1]).isLessThanOrEqualTo(5e-31);
    }
}
