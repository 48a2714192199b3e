package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentFileTest {
    private static final String MLP = """
            name: mlp
            data:
              source: fashion-mnist
            model:
              input: [28, 28, 1]
              layers:
                - {type: dense, units: 256}
                - {type: dropout, rate: 0.2}
                - {type: output, units: 10}
            optimizer:
              type: adam
              lr: 0.001
            """;

    private static Experiment parse(String yaml, String... overrides) {
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(overrides), "exp", data -> List.of(28, 28, 1));
    }

    private static String errorOf(String yaml, String... overrides) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse(yaml, overrides));
        assertThat(error).as("a config error").isNotNull();
        return error.getMessage();
    }

    @Test
    void missingKeysGetTheirDefaults() {
        Experiment e = parse(MLP);
        assertThat(e.seed()).isEqualTo(42L);
        assertThat(e.data().validationSplit()).isEqualTo(0.1);
        assertThat(e.data().path()).isEqualTo("datasets/fashion-mnist");
        assertThat(e.optimizer()).as("adam, which has no momentum").isEqualTo(new OptimizerConfig.Adam(0.001, 0.9, 0.999, 1e-8));
        assertThat(e.schedule()).isEqualTo(new ScheduleConfig.Constant(ScheduleUnit.EPOCH, 0));
        assertThat(e.training().epochs()).isEqualTo(10);
        assertThat(e.training().checkpoint().best()).isEqualTo(Metric.VAL_ACCURACY);
        assertThat(e.training().checkpoint().mode()).isEqualTo(Mode.MAX);
        LayerConfig.Dense dense = (LayerConfig.Dense) e.model().layers().get(0);
        assertThat(dense.activation().type()).isEqualTo("relu");
        assertThat(dense.init().type()).isEqualTo("he");
        LayerConfig.Prediction output = e.model().outputLayer();
        assertThat(output.loss()).isEqualTo(Loss.CROSS_ENTROPY);
        assertThat(output.activation().type()).isEqualTo("softmax");
    }

    @Test
    void theResolvedConfigReadsBackAsTheSameExperiment() {
        Experiment e = parse(MLP, "schedule.type=step", "training.early_stopping={patience: 2}");
        String yaml = ExperimentFile.toYaml(e);
        assertThat(ExperimentFile.fromResolvedYaml(yaml, "config.yaml")).isEqualTo(e);
        assertThat(yaml).contains("init: he").doesNotContain("momentum");
    }

    @Test
    void nameDefaultsToTheFileName() {
        assertThat(parse(MLP.replace("name: mlp\n", "")).name()).isEqualTo("exp");
    }

    @Test
    void jsonFilesAreReadToo() {
        Experiment e = ExperimentFile.parse("""
                {"model": {"layers": [{"type": "dense", "units": 4}, {"type": "output", "units": 10}]},
                 "optimizer": {"type": "sgd", "lr": 0.1}}
                """, "exp.json", true, List.of(), "exp", data -> List.of(784));
        assertThat(e.optimizer().lr()).isEqualTo(0.1);
        assertThat(e.model().shapes()).containsExactly(Shape.of(4), Shape.of(10));
    }

    @Test
    void anUnknownKeySuggestsTheClosestAndPointsAtTheLine() {
        String message = errorOf(MLP.replace("units: 256", "unitz: 256"));
        assertThat(message).startsWith("exp.yaml:")
                .contains("model.layers[0].unitz: unknown key (did you mean 'units'?)");
    }

    @Test
    void anOutOfRangeValueNamesItsPathLineAndColumn() {
        String message = errorOf(MLP.replace("lr: 0.001", "lr: -1"));
        assertThat(message).isEqualTo("exp.yaml:12:3: optimizer.lr: must be > 0, got -1.0");
    }

    @Test
    void aWrongTypeSaysWhatWasExpected() {
        assertThat(errorOf(MLP.replace("units: 256", "units: many")))
                .contains("model.layers[0].units: expected a whole number, got 'many'");
        assertThat(errorOf(MLP.replace("units: 256", "units: 2.5")))
                .contains("model.layers[0].units: expected a whole number, got '2.5'");
    }

    @Test
    void anUnknownChoiceListsTheAllowedOnes() {
        assertThat(errorOf(MLP.replace("type: adam", "type: adamm")))
                .contains("optimizer.type: 'adamm' is not one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamax, nadam, amsgrad, adadelta, ftrl (did you mean 'adam'?)");
    }

    @Test
    void aKeyTheChosenTypeDoesNotUseIsAnError() {
        assertThat(errorOf(MLP.replace("type: adam", "type: sgd\n  momentum: 0.9")))
                .contains("optimizer.momentum: not used by sgd (it takes only lr, as every type does)");
        assertThat(errorOf(MLP.replace("{type: dropout, rate: 0.2}", "{type: dropout, units: 3}")))
                .contains("model.layers[1].units: not used by dropout (it takes: rate)");
    }

    @Test
    void theLastLayerMustBeTheOutputLayer() {
        assertThat(errorOf(MLP.replace("- {type: output, units: 10}", "- {type: dense, units: 10}")))
                .contains("model.layers[2]: the last layer must be of type output (or rnn_output), got dense");
    }

    @Test
    void aRegressionTaskRefusesAClassificationLoss() {
        String sine = MLP.replace("source: fashion-mnist", "source: synthetic\n  kind: sine")
                .replace("input: [28, 28, 1]", "input: [1]").replace("units: 10}", "units: 1, loss: cross_entropy}");
        assertThatThrownBy(() -> ExperimentFile.parse(sine, "exp.yaml", false, List.of(), "exp", d -> List.of(1)))
                .hasMessageContaining("model.layers[2].loss: cross_entropy does not fit a regression task (use mse, mae, sse, rmse)");
    }

    private static Experiment twoClasses(String output) {
        return ExperimentFile.parse("data: {source: synthetic, kind: xor}\nmodel:\n  layers:\n    - {type: dense, units: 4}\n"
                + "    - " + output + "\n", "exp.yaml", false, List.of(), "exp", d -> List.of(2));
    }

    private static Experiment sine(String output) {
        return ExperimentFile.parse("data: {source: synthetic, kind: sine}\nmodel:\n  layers:\n    - {type: dense, units: 4}\n"
                + "    - " + output + "\n", "exp.yaml", false, List.of(), "exp", d -> List.of(1));
    }

    @Test
    void sseFitsClassificationOnSoftmaxAndRegressionOnAnIdentityOutput() {
        assertThat(twoClasses("{type: output, units: 2, loss: sse}").model().outputLayer().activation().type()).isEqualTo("softmax");
        assertThat(sine("{type: output, units: 1, loss: sse}").model().outputLayer().activation().type()).isEqualTo("identity");
    }

    @Test
    void rmseIsARegressionLoss() {
        assertThat(sine("{type: output, units: 1, loss: rmse}").model().outputLayer().loss()).isEqualTo(Loss.RMSE);
        assertThatThrownBy(() -> twoClasses("{type: output, units: 2, loss: rmse}")).hasMessageEndingWith("model.layers[1].loss: rmse"
                + " does not fit a classification task (use cross_entropy, binary_cross_entropy, hinge, sse)");
    }

    @Test
    void oneSigmoidOutputServesTwoClassesWithBinaryCrossEntropy() {
        Experiment binary = twoClasses("{type: output, units: 1, loss: binary_cross_entropy}");
        assertThat(binary.model().outputLayer().activation().type()).isEqualTo("sigmoid");
        binary.model().requireClasses(List.of("no", "yes"));
        assertThatThrownBy(() -> binary.model().requireClasses(List.of("a", "b", "c")))
                .hasMessage("model.layers[1].units: 1 but the data has 3 classes (a, b, c)");
        assertThatThrownBy(() -> twoClasses("{type: output, units: 1}").model().requireClasses(List.of("no", "yes")))
                .hasMessage("model.layers[1].units: 1 but the data has 2 classes (no, yes); one unit for two classes"
                        + " needs loss binary_cross_entropy (a sigmoid giving the probability of yes)");
        assertThatThrownBy(() -> twoClasses("{type: output, units: 1, loss: binary_cross_entropy, activation: softmax}"))
                .hasMessageEndingWith("model.layers[1].activation: softmax over one unit is always 1; binary_cross_entropy on one"
                        + " output needs sigmoid");
    }

    @Test
    void overridesReachAnyDepthIncludingListEntries() {
        Experiment e = parse(MLP, "optimizer.lr=0.01", "model.layers[1].rate=0.5", "training.epochs=3",
                "optimizer.type=momentum", "data.train_limit=300");
        assertThat(e.optimizer()).isEqualTo(new OptimizerConfig.Momentum(0.01, 0.9));
        assertThat(e.model().layers().get(1)).isEqualTo(new LayerConfig.Dropout(0.5));
        assertThat(e.training().epochs()).isEqualTo(3);
        assertThat(e.data().trainLimit()).isEqualTo(300);
    }

    @Test
    void overridesAreAppliedBeforeValidationAndNamedInErrors() {
        assertThat(errorOf(MLP, "optimizer.lr=-3")).isEqualTo("--set optimizer.lr: must be > 0, got -3.0");
        assertThat(errorOf(MLP, "model.layers[7].rate=0.5"))
                .isEqualTo("--set model.layers[7].rate=0.5: model.layers has 3 entries (indices 0..2)");
        assertThat(errorOf(MLP, "optimizer.lr")).contains("expected key=value");
        assertThat(parse(MLP, "optimizer.lr=1e-3").optimizer().lr()).isEqualTo(0.001);
    }

    @Test
    void badYamlNamesTheLine() {
        assertThat(errorOf("model:\n  layers: [\n")).startsWith("exp.yaml:").contains("not valid YAML");
        assertThat(errorOf("- just\n- a list\n")).contains("an experiment file is a mapping of keys");
        assertThat(errorOf("model:\n  input: [1]\nmodel:\n  input: [2]\n")).contains("Duplicate field 'model'");
    }

    @Test
    void aTabIsNamedAtItsOwnLineAndColumn() {
        assertThat(errorOf("name: t\nmodel:\n\tlayers: []\n"))
                .isEqualTo("exp.yaml:3:1: not valid YAML: tabs cannot indent YAML; indent with spaces");
        assertThat(errorOf("model:\n  layers:\t[]\n")).startsWith("exp.yaml:2:10: not valid YAML: tabs cannot indent");
    }

    @Test
    void aLineBreakOrControlCharacterThatTheParserQuotesIsWrittenAsAnEscape() {
        // SnakeYAML quotes the character it found as it is: "found unexpected character ...\n(10)"
        for (String text : List.of("name: t\n%\n", "name: t\n%YAML\n", "name: \"a\\\u0007\"\n", "name: !<\n>x\n")) {
            assertThat(errorOf(text)).as(text).doesNotContain("\n").doesNotContain("\u0007");
        }
    }

    @Test
    void rawParserErrorsGetAHintOfWhatToFix() {
        assertThat(errorOf("model:\n  layers:\n    - {type: output, units: 10}\n   seed: 1\n"))
                .isEqualTo("exp.yaml:4:4: not valid YAML: this line is not indented as the keys of the block it is in"
                        + " (which starts at line 2, column 3): line it up with them, or indent it under a key");
        assertThat(errorOf("model:\n  layers: [{type: output, units: 10}\nseed: 1\n"))
                .startsWith("exp.yaml:3:1: not valid YAML: the list opened at line 2, column 11 needs a ','");
        assertThat(errorOf("name: 'mlp\n")).startsWith("exp.yaml:2:1: not valid YAML: the quote opened at line 1, column 7"
                + " is not closed");
        assertThat(json("{\"model\": {\"layers\": [{\"type\": \"output\", \"units\": 10},\n]}}"))
                .isEqualTo("exp.json:1:54: not valid JSON: a comma after the last item before ']': JSON allows none there;"
                        + " remove it");
        assertThat(json("{'model': {}}")).isEqualTo("exp.json:1:2: not valid JSON: JSON keys and strings take double quotes"
                + " (\"), not single ones");
        assertThat(json("{\"model\": {} \"seed\": 1}")).isEqualTo("exp.json:1:14: not valid JSON: a ',' is missing before"
                + " this entry");
    }

    private static String json(String text) {
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ExperimentFile.parse(text, "exp.json", true, List.of(), "exp", data -> List.of(2)));
        assertThat(error).as("a config error").isNotNull();
        return error.getMessage();
    }

    @Test
    void aMissingModelIsExplained() {
        assertThat(errorOf("name: x\n")).contains("model: is required");
    }

    @Test
    void earlyStoppingMonitorsMustExist() {
        assertThat(errorOf(MLP, "training.early_stopping={monitor: val_acc}"))
                .contains("training.early_stopping.monitor: 'val_acc' is not one of train_loss, train_accuracy, val_loss, val_accuracy");
        assertThat(errorOf(MLP, "data.validation_split=0", "training.early_stopping={monitor: val_loss}"))
                .contains("val_loss needs a validation set");
        assertThat(parse(MLP, "training.early_stopping={monitor: val_accuracy}").training().earlyStopping().mode())
                .isEqualTo(Mode.MAX);
    }

    @Test
    void earlyStoppingWatchesTheMetricThatPicksBestZipUnlessTheConfigNamesBoth() {
        TrainingConfig training = parse(MLP, "training.early_stopping={patience: 2}").training();
        assertThat(training.earlyStopping().monitor()).isEqualTo(Metric.VAL_ACCURACY).isEqualTo(training.checkpoint().best());
        assertThat(training.earlyStopping().mode()).isEqualTo(Mode.MAX);
        training = parse(MLP, "training.early_stopping={monitor: val_loss}").training();
        assertThat(training.checkpoint().best()).as("best.zip follows the monitor").isEqualTo(Metric.VAL_LOSS);
        assertThat(training.checkpoint().mode()).isEqualTo(Mode.MIN);
        training = parse(MLP, "training.early_stopping={monitor: val_loss}", "training.checkpoint={best: val_accuracy}").training();
        assertThat(List.of(training.earlyStopping().monitor(), training.checkpoint().best()))
                .as("both named: each as written").containsExactly(Metric.VAL_LOSS, Metric.VAL_ACCURACY);
        assertThat(errorOf(MLP, "data.validation_split=0", "training.early_stopping={monitor: val_loss}"))
                .as("blamed on the key the user wrote").startsWith("--set training.early_stopping.monitor: val_loss needs");
    }

    @Test
    void initializersTakeTheirParameters() {
        Experiment e = parse(MLP.replace("units: 256}", "units: 256, init: {type: normal, std: 0.05}}"));
        assertThat(((LayerConfig.Dense) e.model().layers().get(0)).init()).isEqualTo(new InitConfig("normal", 0.05, null, null));
        assertThat(errorOf(MLP.replace("units: 256}", "units: 256, init: {type: he, std: 0.05}}")))
                .contains("model.layers[0].init.std: not used by he");
    }

    @Test
    void theModelInputMustMatchTheData() {
        assertThat(errorOf(MLP.replace("input: [28, 28, 1]", "input: [10]")))
                .contains("model.input: [10] does not match the data's examples [28, 28, 1]");
        assertThat(parse(MLP.replace("  input: [28, 28, 1]\n", "")).model().input()).containsExactly(28, 28, 1);
    }

    @Test
    void layerStatisticsAreRecordedEveryNIterationsWhenAsked() {
        assertThat(parse(MLP).training().record()).as("absent: off").isNull();
        assertThat(parse(MLP, "training.record=20").training().record().every()).isEqualTo(20);
        assertThat(parse(MLP, "training.record={every: 20}").training().record().every()).isEqualTo(20);
        assertThat(parse(MLP, "training.log_every=7", "training.record={}").training().record().every()).isEqualTo(7);
        assertThat(ExperimentFile.toYaml(parse(MLP, "training.record=20"))).contains("record:\n    every: 20");
    }

    @Test
    void aBadRecordValueIsOneLineNamingItsPath() {
        assertThat(errorOf(MLP, "training.record=0")).isEqualTo("--set training.record.every: must be a whole number > 0, got 0");
        assertThat(errorOf(MLP, "training.record={every: -5}"))
                .isEqualTo("--set training.record.every: must be a whole number > 0, got -5");
        assertThat(errorOf(MLP, "training.record=often")).isEqualTo("--set training.record: expected a whole number, got 'often'");
        assertThat(errorOf(MLP, "training.record=2.5")).isEqualTo("--set training.record: expected a whole number, or a mapping of keys, got '2.5'");
        assertThat(errorOf(MLP, "training.record={evry: 5}")).contains("training.record.evry: unknown key (did you mean 'every'?)");
        assertThat(errorOf(MLP + "training:\n  record: [1]\n")).startsWith("exp.yaml:").contains("training.record");
    }
}
