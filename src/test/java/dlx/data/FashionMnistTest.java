package dlx.data;

import static dlx.data.ResolvedConfigs.idx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Fashion-MNIST files shipped in datasets/fashion-mnist. */
class FashionMnistTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void loadsSixtyThousandTrainingAndTenThousandTestImages() {
        LoadedData data = DataSources.load(idx("fashion-mnist", "datasets/fashion-mnist", 0, null, "scale"), 1,
                PROJECT);

        assertThat(data.train().rows()).isEqualTo(60000);
        assertThat(data.validation().rows()).isZero();
        assertThat(data.test().rows()).isEqualTo(10000);
        assertThat(data.train().featureCount()).isEqualTo(784);
        assertThat(data.inputShape()).containsExactly(28, 28, 1);
        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.classNames()).startsWith("T-shirt/top").endsWith("Ankle boot");
        assertThat(data.fingerprint()).matches("sha256:[0-9a-f]{64}");
        float max = 0;
        for (float pixel : data.train().features()) {
            max = Math.max(max, pixel);
        }
        assertThat(max).isEqualTo(1f);
        int[] perClass = new int[10];
        for (int label : data.test().labels()) {
            perClass[label]++;
        }
        assertThat(perClass).containsOnly(1000);
    }

    @Test
    void inputShapeIsQuick() {
        long start = System.nanoTime();

        assertThat(DataSources.inputShape(idx("fashion-mnist", "datasets/fashion-mnist", 0.1, null, "scale"),
                PROJECT)).containsExactly(28, 28, 1);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.5);
    }
}
