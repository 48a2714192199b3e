package dlx.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dlx.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a sweep is, as its sweep.yaml keeps it (so {@code --resume} redraws the same trials).
 *
 * @param config    the base experiment file
 * @param params    {@code key=domain}, as given to --param
 * @param strategy  grid | random | halving
 * @param trials    random and halving: how many trials to draw (grid: all combinations)
 * @param parallel  how many trials run at once, each as its own process
 * @param metric    what ranks the trials: a metrics.csv column at the trial's best epoch (val_accuracy …)
 * @param mode      min | max
 * @param seed      draws the random trials
 * @param sets      --set overrides for every trial
 * @param eta       halving: keep the best 1/eta at each rung, give them eta times the epochs
 * @param minEpochs halving: the first rung's epochs (the last rung trains the base config's epochs)
 * @param narrows   the folder of the sweep whose best trials this one's ranges narrow around ({@code --narrow}), or null
 */
public record SweepSpec(String name, String config, List<String> params, String strategy, int trials, int parallel,
                        String metric, String mode, long seed, List<String> sets, int eta, int minEpochs,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String narrows) {
    public static final List<String> STRATEGIES = List.of("grid", "random", "halving");
    /** A sweep folder's description of itself. */
    public static final String FILE = "sweep.yaml";
    private static final YAMLMapper YAML = (YAMLMapper) YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** A sweep file (--file) or a sweep folder's sweep.yaml; one line naming the file when it cannot be read. */
    public static SweepSpec read(Path file) {
        try {
            return YAML.readValue(file.toFile(), SweepSpec.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a readable sweep file (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
    }

    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
