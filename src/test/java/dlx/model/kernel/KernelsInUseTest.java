package dlx.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.data.DataSources;
import dlx.model.NetworkFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * dlx's kernels are what make the CPU runs fast: a DL4J or ND4J change, or a new layer option, must not
 * make the shipped configs fall back to DL4J's layers or step without a failing test. On any backend but
 * ND4J's CPU backend (CUDA) DL4J's layers run.
 */
class KernelsInUseTest {
    private static final Path BASE = Path.of("").toAbsolutePath();

    private static MultiLayerNetwork build(Path config, String... overrides) {
        Experiment experiment = ExperimentFile.load(config, List.of(overrides), data -> DataSources.inputShape(data, BASE));
        return NetworkFactory.build(experiment);
    }

    @Test
    void everyDenseOutputAndLstmLayerOfTheShippedConfigsRunsDlxsKernel() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(BASE.resolve("configs")), Files.list(BASE.resolve("bench")))) {
            for (Path config : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                assertThat(Kernels.layersWithoutKernel(build(config))).as(config.toString()).isEmpty();
            }
        }
    }

    @Test
    void networksOfKernelsTrainWithDlxsStep() {
        for (String config : List.of("configs/quickstart.yaml", "configs/xor.yaml", "configs/friedman-regression.yaml",
                "configs/fashion-lstm.yaml", "bench/mlp.yaml", "bench/lstm.yaml")) {
            MultiLayerNetwork network = build(BASE.resolve(config));
            assertThat(Kernels.layersWithKernel(network)).as(config).hasSize(network.getLayers().length);
            assertThat(KernelStep.of(network)).as(config).isPresent();
        }
    }

    @Test
    void stockKeepsDl4jsLayersAndStep() {
        MultiLayerNetwork network = build(BASE.resolve("bench/mlp.yaml"), "model.kernels=stock");
        assertThat(Kernels.layersWithKernel(network)).isEmpty();
        assertThat(KernelStep.of(network)).isEmpty();
    }

    @Test
    void theKernelsRunOnNd4jsCpuBackendOnlyWhateverTheConfigSays() {
        String cpu = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
        String cuda = "org.nd4j.linalg.jcublas.JCublasBackend";
        assertThat(Kernels.chosen(Kernels.DLX, cpu)).isTrue();
        assertThat(Kernels.chosen(Kernels.STOCK, cpu)).isFalse();
        assertThat(Kernels.chosen(Kernels.DLX, cuda)).isFalse();
        assertThat(Kernels.chosen(Kernels.STOCK, cuda)).isFalse();
        assertThat(org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName()).isEqualTo(cpu);
    }
}
