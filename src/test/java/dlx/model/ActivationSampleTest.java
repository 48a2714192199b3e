package dlx.model;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The weight-initialisation experiment of the notes: 5 layers of 100 units fed N(0, 1) inputs. */
class ActivationSampleTest {
    private static ActivationSample sample(String activation, String init) {
        String yaml = """
                model:
                  input: [100]
                  defaults: {activation: %s, init: %s}
                  layers: [{type: dense, units: 100}, {type: dense, units: 100}, {type: dense, units: 100},
                           {type: dense, units: 100}, {type: dense, units: 100}, {type: output, units: 10}]
                """.formatted(activation, init);
        Experiment experiment = ExperimentFile.parse(yaml, "exp.yaml", false, List.of(), "exp", data -> null);
        return ActivationSample.of(experiment, 1000, 7);
    }

    private static double share(float[] values, java.util.function.DoublePredicate which) {
        return java.util.stream.IntStream.range(0, values.length).filter(i -> which.test(values[i])).count()
                / (double) values.length;
    }

    private static double std(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v / (double) values.length;
        }
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean) / values.length;
        }
        return Math.sqrt(squares);
    }

    @Test
    void everyHiddenLayerGivesOneValuePerUnitAndExample() {
        ActivationSample sample = sample("sigmoid", "xavier");
        assertThat(sample.layers()).hasSize(5).allMatch(l -> l.type().equals("dense"));
        assertThat(sample.values()).hasSize(5).allMatch(v -> v.length == 1000 * 100);
        assertThat(sample("sigmoid", "xavier").values().get(4)).as("seeded").containsExactly(sample.values().get(4));
    }

    @Test
    void largeWeightsSaturateSigmoidsAndTinyOnesCollapseThemTo0Point5() {
        float[] std1 = sample("sigmoid", "{type: normal, std: 1}").values().get(4);
        assertThat(share(std1, v -> v < 0.1 || v > 0.9)).as("most mass near 0 and 1").isGreaterThan(0.5);
        float[] tiny = sample("sigmoid", "{type: normal, std: 0.01}").values().get(4);
        assertThat(share(tiny, v -> v > 0.45 && v < 0.55)).as("all near 0.5").isEqualTo(1.0);
        float[] xavier = sample("sigmoid", "xavier").values().get(4);
        assertThat(share(xavier, v -> v < 0.1 || v > 0.9)).isLessThan(0.05);
        assertThat(std(xavier)).as("spread out").isGreaterThan(5 * std(tiny));
    }

    @Test
    void heKeepsReluActivationsAtTheirScaleWhereSmallWeightsMakeThemVanish() {
        ActivationSample he = sample("relu", "he");
        double ratio = std(he.values().get(4)) / std(he.values().get(0));
        assertThat(ratio).isBetween(0.5, 2.0);
        ActivationSample tiny = sample("relu", "{type: normal, std: 0.01}");
        assertThat(std(tiny.values().get(4))).isLessThan(1e-4 * std(tiny.values().get(0)));
        assertThat(share(he.values().get(2), v -> v == 0)).as("a ReLU zeroes about half").isBetween(0.4, 0.6);
    }
}
