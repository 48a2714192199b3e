package dlx.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bundled dataset loads whole: the README's first command depends on it. */
class FashionMnistTest {
    @Test
    void theBundledFashionMnistLoadsWithItsSplitsAndClassNames() {
        LoadedData data = DataSources.load(ResolvedConfigs.idx("fashion-mnist", "datasets/fashion-mnist", 0.1, null,
                "scale"), 42, Path.of("").toAbsolutePath());
        assertThat(data.train().rows()).isEqualTo(54_000);
        assertThat(data.validation().rows()).isEqualTo(6_000);
        assertThat(data.test().rows()).isEqualTo(10_000);
        assertThat(data.train().featureCount()).isEqualTo(784);
        assertThat(data.inputShape()).containsExactly(28, 28, 1);
        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.classNames()).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(data.fingerprint()).startsWith("sha256:");
        float max = 0;
        for (float f : data.test().features()) {
            max = Math.max(max, f);
        }
        assertThat(max).isEqualTo(1f);
    }
}
