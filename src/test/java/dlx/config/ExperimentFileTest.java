package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(e.optimizer().beta1()).isEqualTo(0.9);
        assertThat(e.optimizer().beta2()).isEqualTo(0.999);
        assertThat(e.optimizer().momentum()).isNull();
        assertThat(e.schedule().type()).isEqualTo("constant");
        assertThat(e.training().epochs()).isEqualTo(10);
        assertThat(e.training().checkpoint().best()).isEqualTo("val_accuracy");
        assertThat(e.training().checkpoint().mode()).isEqualTo("max");
        LayerConfig dense = e.model().layers().get(0);
        assertThat(dense.activation().type()).isEqualTo("relu");
        assertThat(dense.init().type()).isEqualTo("he");
        LayerConfig output = e.model().outputLayer();
        assertThat(output.loss()).isEqualTo("cross_entropy");
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
                .contains("optimizer.type: 'adamm' is not one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamax, nadam, amsgrad, adadelta (did you mean 'adam'?)");
    }

    @Test
    void aKeyTheChosenTypeDoesNotUseIsAnError() {
        assertThat(errorOf(MLP.replace("type: adam", "type: sgd\n  momentum: 0.9")))
                .contains("optimizer.momentum: not used by sgd (it takes no options)");
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
                .hasMessageContaining("model.layers[2].loss: cross_entropy does not fit a regression task (use mse, mae, sse)");
    }

    @Test
    void overridesReachAnyDepthIncludingListEntries() {
        Experiment e = parse(MLP, "optimizer.lr=0.01", "model.layers[1].rate=0.5", "training.epochs=3",
                "optimizer.type=momentum", "data.train_limit=300");
        assertThat(e.optimizer().lr()).isEqualTo(0.01);
        assertThat(e.optimizer().momentum()).isEqualTo(0.9);
        assertThat(e.model().layers().get(1).rate()).isEqualTo(0.5);
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
                .isEqualTo("max");
    }

    @Test
    void initializersTakeTheirParameters() {
        Experiment e = parse(MLP.replace("units: 256}", "units: 256, init: {type: normal, std: 0.05}}"));
        assertThat(e.model().layers().get(0).init()).isEqualTo(new InitConfig("normal", 0.05, null, null));
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
