package dlx.data;

import static dlx.data.ResolvedConfigs.sequence;
import static dlx.data.ResolvedConfigs.synthetic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dlx.config.Task;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {
    private static final Path NOWHERE = Path.of("does-not-matter");

    @Test
    void theSameSeedGeneratesTheSameData() {
        LoadedData a = DataSources.load(synthetic("moons", 200, 0.1, 0.1, 0.2, "scale"), 42, NOWHERE);
        LoadedData b = DataSources.load(synthetic("moons", 200, 0.1, 0.1, 0.2, "scale"), 42, NOWHERE);
        LoadedData c = DataSources.load(synthetic("moons", 200, 0.1, 0.1, 0.2, "scale"), 43, NOWHERE);

        assertThat(a.train().features()).isEqualTo(b.train().features());
        assertThat(a.test().labels()).isEqualTo(b.test().labels());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(c.train().features()).isNotEqualTo(a.train().features());
        assertThat(c.fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void samplesAreDealtIntoTestValidationAndTraining() {
        LoadedData data = DataSources.load(synthetic("spirals", 1000, 0.1, 0.1, 0.2, "scale"), 1, NOWHERE);

        assertThat(data.test().rows()).isEqualTo(200);
        assertThat(data.validation().rows()).isEqualTo(80);
        assertThat(data.train().rows()).isEqualTo(720);
        assertThat(data.inputShape()).containsExactly(2);
        assertThat(data.classes()).isEqualTo(2);
    }

    @Test
    void xorIsFourTightClustersLabelledBySignsDiffering() {
        LoadedData data = DataSources.load(synthetic("xor", 400, 0.1, 0, 0.2, "none"), 1, NOWHERE);
        Split train = data.train();

        for (int r = 0; r < train.rows(); r++) {
            float x = train.features()[2 * r];
            float y = train.features()[2 * r + 1];
            assertThat(Math.abs(Math.abs(x) - 1)).as("near a centre: no point crosses an axis").isLessThan(0.6f);
            assertThat(Math.abs(Math.abs(y) - 1)).isLessThan(0.6f);
            assertThat(train.labels()[r]).isEqualTo((x > 0) != (y > 0) ? 1 : 0);
        }
        assertThat(IntStream.of(train.labels()).filter(l -> l == 1).count()).isBetween(140L, 180L);
    }

    @Test
    void moonsAreTwoHalfCirclesAsMakeMoons() {
        Split moons = DataSources.load(synthetic("moons", 100, 0, 0, 0.5, "none"), 1, NOWHERE).train();

        for (int r = 0; r < moons.rows(); r++) {
            double x = moons.features()[2 * r];
            double y = moons.features()[2 * r + 1];
            double cx = moons.labels()[r] == 0 ? 0 : 1;
            double cy = moons.labels()[r] == 0 ? 0 : 0.5;
            assertThat(Math.hypot(x - cx, y - cy)).isCloseTo(1, within(1e-5));
            assertThat(moons.labels()[r] == 0 ? y : -y + 0.5).isGreaterThanOrEqualTo(-1e-6);
        }
    }

    @Test
    void spiralsTurnAroundTheOrigin() {
        Split spirals = DataSources.load(synthetic("spirals", 400, 0, 0, 0.5, "none"), 1, NOWHERE).train();

        for (int r = 0; r < spirals.rows(); r++) {
            double x = spirals.features()[2 * r];
            double y = spirals.features()[2 * r + 1];
            double radius = Math.hypot(x, y);
            double expectedAngle = radius * 3 * Math.PI + spirals.labels()[r] * Math.PI;
            assertThat(Math.cos(Math.atan2(y, x) - expectedAngle)).isCloseTo(1, within(1e-4));
        }
    }

    @Test
    void sineIsARegressionOfSinX() {
        LoadedData data = DataSources.load(synthetic("sine", 300, 0, 0.1, 0.2, "none"), 1, NOWHERE);

        assertThat(data.task()).isEqualTo(Task.REGRESSION);
        assertThat(data.classes()).isZero();
        assertThat(data.inputShape()).containsExactly(1);
        Split train = data.train();
        for (int r = 0; r < train.rows(); r++) {
            assertThat(train.features()[r]).isBetween((float) -Math.PI, (float) Math.PI);
            assertThat(train.targets()[r]).isCloseTo((float) Math.sin(train.features()[r]), within(1e-6f));
        }
    }

    @Test
    void noiseIsTheStandardDeviationAddedToTheSine() {
        Split train = DataSources.load(synthetic("sine", 4000, 0.5, 0, 0.1, "none"), 1, NOWHERE).train();

        double squares = 0;
        for (int r = 0; r < train.rows(); r++) {
            double residual = train.targets()[r] - Math.sin(train.features()[r]);
            squares += residual * residual;
        }
        assertThat(Math.sqrt(squares / train.rows())).isCloseTo(0.5, within(0.03));
    }

    @Test
    void parityLabelsEachStepWithTheXorOfTheBitsSoFar() {
        Split train = DataSources.load(sequence("parity", 50, 9), 3, NOWHERE).train();

        assertThat(train.labelSteps()).isEqualTo(9);
        for (int r = 0; r < train.rows(); r++) {
            int parity = 0;
            for (int t = 0; t < 9; t++) {
                float bit = train.features()[r * 9 + t];
                assertThat(bit).isIn(0f, 1f);
                parity ^= (int) bit;
                assertThat(train.labels()[r * 9 + t]).isEqualTo(parity);
            }
        }
    }

    @Test
    void runningSumLabelsEachStepWithTheSignOfTheSumSoFar() {
        Split train = DataSources.load(sequence("running_sum", 50, 6), 3, NOWHERE).train();

        for (int r = 0; r < train.rows(); r++) {
            double sum = 0;
            for (int t = 0; t < 6; t++) {
                sum += train.features()[r * 6 + t];
                assertThat(train.labels()[r * 6 + t]).isEqualTo(sum > 0 ? 1 : 0);
            }
        }
        assertThat(DataSources.inputShape(sequence("running_sum", 50, 6), NOWHERE)).containsExactly(6, 1);
    }

    @Test
    void inputShapeNeedsNoFiles() {
        assertThat(DataSources.inputShape(synthetic("xor", 10, 0.1, 0.1, 0.2, "scale"), NOWHERE)).containsExactly(2);
        assertThat(DataSources.inputShape(synthetic("sine", 10, 0.1, 0.1, 0.2, "scale"), NOWHERE)).containsExactly(1);
    }
}
