package dlx.cli;

import static dlx.cli.PredictImagesTest.assertOneLine;
import static dlx.cli.TrainAndEvalTest.dlx;
import static dlx.cli.TrainAndEvalTest.onlyRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dlx.config.Loss;
import dlx.data.Batches;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.eval.SplitEvaluation;
import dlx.run.Checkpoint;
import dlx.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** dlx predict on CSV files, for a run trained on a CSV file with standardised features. */
class PredictCsvTest {
    @TempDir
    static Path shared;
    static Path run;
    static Path train;
    static Path test;

    @TempDir
    Path dir;

    /** Features on very different scales, so that predictions depend on the fitted standardisation. */
    private static String rows(int count, long seed, double scale) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("a,b,c,kind\n");
        for (int i = 0; i < count; i++) {
            double a = 100 * random.nextDouble() * scale;
            double b = 10 * random.nextDouble() - 5;
            double c = 1000 + 50 * random.nextGaussian();
            text.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s%n", a, b, c, a / 10 + b > 5 ? "high" : "low"));
        }
        return text.toString();
    }

    @BeforeAll
    static void trainOnACsvFile() throws IOException {
        train = Files.writeString(shared.resolve("train.csv"), rows(300, 1, 1));
        test = Files.writeString(shared.resolve("test.csv"), rows(40, 2, 1));
        Path config = Files.writeString(shared.resolve("csv.yaml"), """
                name: csv
                seed: 5
                data: {source: csv, path: %s, test_path: %s, label: kind, normalize: standardize}
                model:
                  layers:
                    - {type: dense, units: 8, activation: tanh}
                    - {type: output, units: 2}
                optimizer: {type: adam, lr: 0.02}
                training: {epochs: 5, batch_size: 32}
                """.formatted(train, test));
        TrainAndEvalTest.Outcome trained = dlx("train", "--config", config.toString(), "--runs-dir",
                shared.resolve("runs").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        run = onlyRun(shared.resolve("runs"));
    }

    /** The test file with its columns in another order and an id column first. */
    private Path reordered() throws IOException {
        List<String> lines = Files.readAllLines(test);
        List<String> out = new ArrayList<>(List.of("id,c,kind,b,a"));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            out.add(String.join(",", "item-" + i, cells[2], cells[3], cells[1], cells[0]));
        }
        return Files.write(dir.resolve("new.csv"), out);
    }

    @Test
    void featuresAreReadByNameAndPredictionsAreTheNetworksOutputOnTheSameRowsAsDlxEvalComputesIt() throws IOException {
        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input",
                reordered().toString(), "--json");
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        JsonNode rows = Json.MAPPER.readTree(predicted.out()).get("predictions");

        Checkpoint.Loaded loaded = Checkpoint.read(run.resolve("checkpoints/best.zip"));
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(),
                Path.of("").toAbsolutePath());
        int[] evalLabels = SplitEvaluation.of(loaded.network(), data.test(), 2, 0, Loss.CROSS_ENTROPY).predictedLabels();
        INDArray output = loaded.network().output(new Batches(data.test(), 2, 256, false, 0).next().getFeatures(), false);

        assertThat(rows).hasSize(40);
        for (int i = 0; i < 40; i++) {
            JsonNode row = rows.get(i);
            assertThat(row.get("input").asText()).isEqualTo("line " + (i + 2));
            assertThat(row.get("id").asText()).isEqualTo("item-" + (i + 1));
            String label = data.classNames().get(evalLabels[i]);
            assertThat(row.get("predicted").asText()).isEqualTo(label);
            assertThat(row.get("probability").asDouble()).isCloseTo(output.getDouble(i, evalLabels[i]), within(1e-6));
            assertThat(row.get("label").asText()).isEqualTo(data.classNames().get(data.test().labels()[i]));
            assertThat(row.get("correct").asBoolean()).isEqualTo(evalLabels[i] == data.test().labels()[i]);
        }
        assertThat(predicted.err()).startsWith("accuracy ").contains("of 40 labelled inputs predicted right");
    }

    @Test
    void theNormalisationIsTheCheckpointsNotRefittedOnTheNewRowsNorOnTheTrainingFileAsItIsNow() throws IOException {
        Path all = reordered();
        String before = dlx("predict", "--checkpoint", run.toString(), "--input", all.toString()).out();
        String[] fifth = Files.readAllLines(all).get(5).split(","); // id, c, kind, b, a
        Path one = Files.write(dir.resolve("one.csv"), List.of("a,b,c", fifth[4] + "," + fifth[3] + "," + fifth[1]));
        Files.writeString(train, rows(300, 99, 10)); // the training file changed since: a's scale is ten times larger
        try {
            String after = dlx("predict", "--checkpoint", run.toString(), "--input", all.toString()).out();
            TrainAndEvalTest.Outcome single = dlx("predict", "--checkpoint", run.toString(), "--input", one.toString());

            assertThat(after).isEqualTo(before);
            assertThat(single.exitCode()).as(single.err()).isZero();
            String[] expected = before.lines().toList().get(5).split(",");
            assertThat(single.out()).isEqualTo("input,predicted,probability\nline 2," + expected[2] + "," + expected[3] + "\n");
        } finally {
            Files.writeString(train, rows(300, 1, 1));
        }
    }

    @Test
    void csvOutputQuotesCellsAndTopKGivesTheOtherClass() throws IOException {
        Path file = Files.writeString(dir.resolve("quoted.csv"), "name,a,b,c\n\"Smith, J.\",50,0,1000\n");

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input", file.toString(),
                "--top", "5");

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("input,name,predicted,probability,top2,top2_probability");
        assertThat(lines.get(1)).startsWith("line 2,\"Smith, J.\",");
        String[] cells = lines.get(1).split(",");
        assertThat(Double.parseDouble(cells[4]) + Double.parseDouble(cells[6])).isCloseTo(1, within(1e-6));
        assertThat(cells[5]).isNotEqualTo(cells[3]).isIn("high", "low");
    }

    @Test
    void aPassedThroughColumnNamedLikeAnOutputColumnIsRenamedNotOverwritten() throws IOException {
        Path file = Files.writeString(dir.resolve("clash.csv"), "predicted,a,b,c,input_predicted,top2\nmine,50,0,1000,also mine,kept\n");

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", run.toString(), "--input", file.toString(),
                "--top", "2");

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("input,input_input_predicted,input_predicted,input_top2,predicted,probability,"
                + "top2,top2_probability");
        assertThat(lines.get(1)).startsWith("line 2,mine,also mine,kept,");
        assertThat(lines.get(1).split(",")[4]).isIn("high", "low");
        assertThat(predicted.err()).contains("the input's column \"predicted\" is written as \"input_input_predicted\"")
                .contains("the input's column \"top2\" is written as \"input_top2\"");
    }

    @Test
    void aRegressionRunGivesEachRowsValueAndItsErrorAgainstALabelColumn(@TempDir Path runs) throws IOException {
        TrainAndEvalTest.Outcome trained = dlx("train", "--config", "configs/friedman-regression.yaml", "--set",
                "training.epochs=2", "--runs-dir", runs.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Path regression = onlyRun(runs);
        List<String> friedman = Files.readAllLines(Path.of("datasets/csv/friedman1.csv"));
        Path input = Files.write(dir.resolve("five.csv"), friedman.subList(0, 6));

        TrainAndEvalTest.Outcome predicted = dlx("predict", "--checkpoint", regression.toString(), "--input",
                input.toString());

        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("input,predicted,label,error");
        Checkpoint.Loaded loaded = Checkpoint.read(regression.resolve("checkpoints/best.zip"));
        float[] x = new float[5 * 10];
        for (int r = 0; r < 5; r++) {
            String[] cells = friedman.get(r + 1).split(",");
            for (int f = 0; f < 10; f++) {
                x[r * 10 + f] = Float.parseFloat(cells[f]);
            }
        }
        loaded.preprocessing().applyTo(x); // standardised with the training split's mean and deviation
        INDArray output = loaded.network().output(new Batches(new dlx.data.Split(x, 5, 10, null, new float[5]), 1, 5,
                false, 0).next().getFeatures(), false);
        double absolute = 0;
        for (int r = 0; r < 5; r++) {
            String[] cells = lines.get(r + 1).split(",");
            double y = Double.parseDouble(friedman.get(r + 1).split(",")[10]);
            assertThat(Double.parseDouble(cells[1])).isCloseTo(output.getDouble(r, 0), within(1e-5));
            assertThat(Double.parseDouble(cells[2])).isCloseTo(y, within(1e-4));
            assertThat(Double.parseDouble(cells[3])).isCloseTo(output.getDouble(r, 0) - y, within(1e-4));
            absolute += Math.abs(output.getDouble(r, 0) - y);
        }
        assertThat(predicted.err()).startsWith(String.format(Locale.ROOT, "mae %.4f, rmse ", absolute / 5))
                .contains("on 5 labelled inputs");
    }

    @Test
    void badCsvInputGetsOneLineNamingTheColumnRowOrFileAndExitTwo() throws IOException {
        Path missing = Files.writeString(dir.resolve("missing.csv"), "id,a,B,kind\n1,2,3,low\n");
        Path text = Files.writeString(dir.resolve("text.csv"), "a,b,c\n1,2,3\n4,five,6\n");
        Path header = Files.writeString(dir.resolve("header.csv"), "a,b,c\n");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,c\n1,2\n");

        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", missing.toString()),
                missing + ": line 1: no columns 'b', 'c'; the network reads 'a', 'b', 'c' (this file's other columns"
                        + " 'id', 'B' would be passed through)");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", text.toString()),
                text + ": line 3, column 'b': 'five' is not a number");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", header.toString()),
                header + ": no rows after the header on line 1");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", ragged.toString()),
                ragged + ": line 2: 2 cells, expected 3 as in the header");
        assertOneLine(dlx("predict", "--checkpoint", dir.resolve("nothing").toString(), "--input", text.toString()),
                dir.resolve("nothing") + ": no such run folder or checkpoint file");
        assertOneLine(dlx("predict", "--checkpoint", run.toString(), "--input", text.toString(), "--output",
                dir.resolve("no/such/folder.csv").toString()), "--output " + dir.resolve("no/such/folder.csv")
                + ": no such folder");
    }
}
