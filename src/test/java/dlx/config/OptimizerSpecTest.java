package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerSpecTest {
    private static OptimizerConfig parse(String spec) {
        return OptimizerSpec.parse("--optimizer", spec);
    }

    @Test
    void aSpecIsTheOptimizerSectionWithItsDefaultsFilledIn() {
        assertThat(parse("momentum:lr=0.1,momentum=0.8"))
                .isEqualTo(new OptimizerConfig.Momentum(0.1, 0.8));
        assertThat(parse("adam")).isEqualTo(new OptimizerConfig.Adam(0.001, 0.9, 0.999, 1e-8));
        assertThat(parse(" rmsprop: lr = 0.3 , ")).isEqualTo(new OptimizerConfig.RmsProp(0.3, 1e-8, 0.99));
    }

    @Test
    void aSpecAndAnExperimentFileGetTheSameMessageForTheSameMistake() {
        String yaml = "data: {source: synthetic, kind: xor}\nmodel: {layers: [{type: output, units: 2}]}\n";
        for (String[] mistake : new String[][] {{"sgd:lr=-1", "{type: sgd, lr: -1}"},
                {"sgd:momentum=0.9", "{type: sgd, momentum: 0.9}"}, {"adam:beta2=1", "{type: adam, beta2: 1}"},
                {"ftrl:lr_power=1", "{type: ftrl, lr_power: 1}"}, {"adamw", "{type: adamw}"}}) {
            String fromFile = messageOf(() -> ExperimentFile.parse(yaml + "optimizer: " + mistake[1], "exp.yaml", false,
                    List.of(), "exp", d -> List.of(2)));
            assertThat(messageOf(() -> parse(mistake[0])))
                    .isEqualTo("--optimizer " + mistake[0] + ": " + fromFile.substring(fromFile.indexOf("optimizer.")));
        }
    }

    @Test
    void anUnknownKeyOrAWordForANumberIsNamed() {
        assertThat(messageOf(() -> parse("sgd:lrr=0.1"))).isEqualTo("--optimizer sgd:lrr=0.1: optimizer.lrr: unknown key"
                + " (did you mean 'lr'?); allowed here: beta, beta1, beta2, epsilon, initial_accumulator, l1, l2, l2_shrinkage,"
                + " lr, lr_power, momentum, rho");
        assertThat(messageOf(() -> parse("adam:lr=fast"))).isEqualTo("--optimizer adam:lr=fast: optimizer.lr: expected"
                + " a number, got 'fast'");
        assertThat(messageOf(() -> parse("adam:lr=0.1,lr=0.2"))).endsWith("optimizer.lr: given twice");
        assertThat(messageOf(() -> parse(":lr=0.1"))).startsWith("--optimizer :lr=0.1: optimizer.type: missing");
    }

    private static String messageOf(Runnable action) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> action.run());
        assertThat(error).as("a config error").isNotNull();
        return error.getMessage();
    }
}
