package dlx.cli;

import static dlx.cli.TrainAndEvalTest.dlx;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    private static final String MLP = """
            data: {source: synthetic, kind: spirals}
            model:
              layers:
                - {type: dense, units: 32}
                - {type: dropout, rate: 0.3}
                - {type: output, units: 2}
            """;

    @TempDir
    Path dir;

    @Test
    void validateShowsTheShapeAfterEachLayer() throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, MLP);
        var result = dlx("config", "validate", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(file + ": valid").contains("input").contains("[2]")
                .contains("layers[0] dense").contains("[32]").contains("layers[2] output");
    }

    @Test
    void validateNamesTheFileLineAndKeyOfAProblem() throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, MLP.replace("rate: 0.3", "rate: 1.5"));
        var result = dlx("config", "validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().strip()).isEqualTo("dlx: " + file + ":5:23: model.layers[1].rate: must be > 0 and < 1, got 1.5");
    }

    @Test
    void validateAcceptsAScheduleOnAdadeltasRateMultiplier() throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, MLP + "optimizer: {type: adadelta}\nschedule: {type: step, gamma: 0.5}\n");
        var result = dlx("config", "validate", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(dlx("config", "print", file.toString()).out()).contains("type: adadelta").contains("lr: 1.0");
    }

    @Test
    void anOutputLayerThatDoesNotFitTheClassesOfACsvFileIsRefusedByValidateAndByTrainBeforeARunFolder()
            throws IOException {
        Files.writeString(dir.resolve("data.csv"), "a,b,label\n" + "0,0,x\n1,1,y\n0.5,0,z\n".repeat(10));
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, """
                data: {source: csv, path: %s}
                model:
                  layers:
                    - {type: dense, units: 4}
                    - {type: output, units: 2}
                """.formatted(dir.resolve("data.csv")));
        // found once the data is read, and named like any other config error: file, line, column, key
        String error = "dlx: " + file + ":5:22: model.layers[1].units: 2 but the data has 3 classes (x, y, z)";

        refusedByValidateAndTrain(file, error);

        var fits = dlx("config", "validate", file.toString(), "--set", "model.layers[1].units=3");
        assertThat(fits.exitCode()).as(fits.err()).isZero();
    }

    @Test
    void aPlateauMonitorTheRunDoesNotRecordIsRefusedByValidateAndByTrainBeforeARunFolder() throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, MLP.replace("kind: spirals", "kind: spirals, validation_split: 0")
                + "schedule: {type: plateau, monitor: val_accuracy}\n");
        String error = "dlx: " + file + ":7:27: schedule.monitor: val_accuracy needs a validation set, but"
                + " data.validation_split is 0";

        refusedByValidateAndTrain(file, error);
    }

    @Test
    void aDataFileThatIsNotThereIsNamedAtTheLineOfItsKey() throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, """
                data:
                  source: csv
                  path: nothere.csv
                model: {layers: [{type: output, units: 2}]}
                """);
        refusedByValidateAndTrain(file, "dlx: " + file + ":3:3: data.path: nothere.csv: no such file");

        Files.writeString(file, "data: {source: idx, path: " + dir.resolve("none") + "}\n"
                + "model: {layers: [{type: output, units: 2}]}\n");
        refusedByValidateAndTrain(file, "dlx: " + file + ":1:21: data.path: " + dir.resolve("none") + ": no such folder");
    }

    @Test
    void aMistypedSetIsBlamedOnTheSetAndABadNameOnTheNameOption() throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, MLP);
        var typo = dlx("config", "validate", file.toString(), "--set", "optimzer.lr=0.1");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(typo.err()).startsWith("dlx: --set optimzer: unknown key (did you mean 'optimizer'?)");

        Path runs = dir.resolve("runs");
        var name = dlx("train", "--config", file.toString(), "--name", "my/run", "--runs-dir", runs.toString());
        assertThat(name.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(name.err().strip()).isEqualTo("dlx: --name: 'my/run' may only hold letters, digits, '.', '_' and '-'"
                + " (it becomes part of a folder name)");
        assertThat(runs).doesNotExist();
    }

    @Test
    void printShowsTheResolvedConfigWithOverrides() throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, MLP);
        var result = dlx("config", "print", file.toString(), "--set", "optimizer.type=momentum");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("name: exp").contains("type: momentum").contains("momentum: 0.9")
                .contains("seed: 42").contains("batch_size: 128").contains("loss: cross_entropy");
    }

    @Test
    void validateDoesNotLoadNd4j() throws Exception {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, MLP);
        Process process = new ProcessBuilder(ChildDlx.command(List.of("-verbose:class"), "config", "validate",
                file.toString())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("valid").doesNotContain("org.nd4j.").doesNotContain("org.deeplearning4j.");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (List<String> command : List.of(List.of("--help"), List.of("train", "--help"), List.of("eval", "--help"),
                List.of("predict", "--help"), List.of("config", "validate", "--help"), List.of("config", "print", "--help"), List.of("runs", "--help"),
                List.of("runs", "list", "--help"), List.of("runs", "show", "--help"), List.of("runs", "compare", "--help"), List.of("plot", "--help"),
                List.of("report", "--help"), List.of("sweep", "--help"))) {
            var result = dlx(command.toArray(String[]::new));
            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).as(String.join(" ", command)).contains("Usage:").contains("Examples:");
        }
    }

    /** Both commands give the same one line and exit 2, and train makes no run folder. */
    private void refusedByValidateAndTrain(Path file, String error) {
        var validate = dlx("config", "validate", file.toString());
        assertThat(validate.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(validate.err().strip()).isEqualTo(error);

        Path runs = dir.resolve("runs");
        var train = dlx("train", "--config", file.toString(), "--runs-dir", runs.toString());
        assertThat(train.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(train.err().strip()).isEqualTo(error);
        assertThat(runs).as("refused before a run folder is made").doesNotExist();
    }
}
