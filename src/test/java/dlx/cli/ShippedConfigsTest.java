package dlx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The configs README.md lists: valid, and each one's early stopping watches the metric that picks best.zip. */
class ShippedConfigsTest {
    @Test
    void everyShippedConfigStopsEarlyOnTheMetricItKeepsTheBestWeightsBy() throws IOException {
        List<Path> configs;
        try (Stream<Path> files = Files.list(Path.of("configs"))) {
            configs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(configs).hasSizeGreaterThanOrEqualTo(8);
        for (Path config : configs) {
            Experiment experiment = ConfigCommand.load(config, List.of());
            var stop = experiment.training().earlyStopping();
            if (stop != null) {
                // a run that stopped on val_loss while val_accuracy, which picks best.zip, still rose lost epochs for nothing
                assertThat(stop.monitor()).as(config.toString()).isEqualTo(experiment.training().checkpoint().best());
                assertThat(stop.mode()).as(config.toString()).isEqualTo(experiment.training().checkpoint().mode());
            }
        }
    }
}
