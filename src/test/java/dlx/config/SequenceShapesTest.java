package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequence inputs, recurrent layers and per-step outputs are checked from the config alone. */
class SequenceShapesTest {
    private static final String FASHION = "{source: fashion-mnist}";
    private static final String PARITY = "{source: synthetic, kind: parity, steps: 12, normalize: none}";

    private static ModelConfig model(String data, String input, String layers) {
        String yaml = "data: " + data + "\nmodel:\n  input: " + input + "\n  layers:\n" + layers;
        return ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> null).model();
    }

    private static String errorOf(String data, String input, String layers) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> model(data, input, layers));
        assertThat(error).as("a config error").isNotNull();
        return error.getMessage();
    }

    @Test
    void aRecurrentLayerPassesOnEveryStepOnlyWhenTheNextLayerTakesASequence() {
        ModelConfig m = model(FASHION, "[28, 28]", """
                    - {type: lstm, units: 32}
                    - {type: dropout, rate: 0.2}
                    - {type: simple_rnn, units: 16}
                    - {type: output, units: 10}
                """);
        assertThat(((LayerConfig.Lstm) m.layers().get(0)).returnSequences()).isTrue();
        assertThat(((LayerConfig.SimpleRnn) m.layers().get(2)).returnSequences()).isFalse();
        assertThat(m.shapes()).containsExactly(Shape.of(28, 32), Shape.of(28, 32), Shape.of(16), Shape.of(10));
        // 4 gates × (input + recurrent weights + bias); Elman: input + recurrent weights + bias
        assertThat(m.parameterCounts()).containsExactly(4L * 32 * (28 + 32) + 4 * 32, 0L, 16L * (32 + 16) + 16,
                16L * 10 + 10);
    }

    @Test
    void anExplicitReturnSequencesWinsAndGlobalPoolingAveragesOverTime() {
        ModelConfig m = model(FASHION, "[28, 28]", """
                    - {type: lstm, units: 8, return_sequences: true}
                    - {type: global_avgpool}
                    - {type: output, units: 10}
                """);
        assertThat(m.shapes()).containsExactly(Shape.of(28, 8), Shape.of(8), Shape.of(10));
    }

    @Test
    void aPerStepTaskEndsInAnRnnOutputOverTheDatasSteps() {
        ModelConfig m = model(PARITY, "[12, 1]", """
                    - {type: embedding, vocab: 2, units: 4}
                    - {type: lstm, units: 8}
                    - {type: rnn_output, units: 2}
                """);
        assertThat(m.shapes()).containsExactly(Shape.of(12, 4), Shape.of(12, 8), Shape.of(12, 2));
        assertThat(m.parameterCounts().get(0)).isEqualTo(2L * 4);
        assertThat(m.outputLayer().loss()).isEqualTo(Loss.CROSS_ENTROPY);
        assertThat(((LayerConfig.Embedding) m.layers().get(0)).init().type()).isEqualTo("normal");
    }

    @Test
    void wrongShapesAndPlacementsNameTheLayerAndTheWayOut() {
        assertThat(errorOf(FASHION, "[28, 28, 1]", "    - {type: lstm, units: 8}\n    - {type: output, units: 10}\n"))
                .contains("model.layers[0]").contains("needs a sequence input").contains("model.input: [28, 28]");
        assertThat(errorOf(FASHION, "[28, 28]", "    - {type: lstm, units: 8, return_sequences: true}\n"
                + "    - {type: dense, units: 4}\n    - {type: output, units: 10}\n"))
                .contains("model.layers[1]").contains("return_sequences: false");
        assertThat(errorOf(FASHION, "[28, 28]", "    - {type: lstm, units: 8}\n    - {type: batchnorm}\n"
                + "    - {type: rnn_output, units: 10}\n")).contains("model.layers[1]").contains("needs features");
        assertThat(errorOf(FASHION, "[28, 28]", "    - {type: lstm, units: 8}\n    - {type: rnn_output, units: 10}\n"))
                .contains("model.layers[1].type").contains("one label per example");
        assertThat(errorOf(PARITY, "[12, 1]", "    - {type: lstm, units: 8}\n    - {type: output, units: 2}\n"))
                .contains("model.layers[1].type").contains("must be rnn_output");
        assertThat(errorOf(PARITY, "[12, 1]", "    - {type: lstm, units: 8}\n    - {type: embedding, vocab: 2, units: 2}\n"
                + "    - {type: rnn_output, units: 2}\n")).contains("model.layers[1]").contains("first layer");
        assertThat(errorOf(FASHION, "[28, 28]", "    - {type: embedding, vocab: 256, units: 2}\n"
                + "    - {type: lstm, units: 8}\n    - {type: output, units: 10}\n")).contains("[timesteps, 1]");
        assertThat(errorOf(FASHION, "[28, 28]", "    - {type: lstm, units: 8, kernel: 3}\n    - {type: output, units: 10}\n"))
                .contains("model.layers[0].kernel").contains("return_sequences");
        assertThat(errorOf(FASHION, "[28, 28]", "    - {type: lstm}\n    - {type: output, units: 10}\n"))
                .contains("model.layers[0].units");
    }

    @Test
    void anEmbeddingNeedsTheTokenIdsUnscaled() {
        String yaml = "data: {source: synthetic, kind: parity, steps: 5}\nmodel:\n  layers:\n"
                + "    - {type: embedding, vocab: 2, units: 4}\n    - {type: lstm, units: 4}\n    - {type: rnn_output, units: 2}\n";
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> List.of(5, 1))))
                .hasMessageContaining("data.normalize").hasMessageContaining("none");
    }

    @Test
    void stepsBelongToTheSequenceKindsOnly() {
        String yaml = "data: {source: synthetic, kind: xor, steps: 5}\nmodel:\n  layers: [{type: output, units: 2}]\n";
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", d -> List.of(2))))
                .hasMessageContaining("data.steps").hasMessageContaining("kind xor");
    }
}
