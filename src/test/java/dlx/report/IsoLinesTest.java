package dlx.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IsoLinesTest {
    @Test
    void aCircleIsOneClosedLineOnTheCircle() {
        IsoLines iso = new IsoLines((x, y) -> x * x + y * y, new double[] {-2, 2, -2, 2}, 40);
        double[][] line = iso.at(1.0);
        assertThat(line[0]).doesNotContain(Double.NaN).hasSizeGreaterThan(40);
        for (int i = 0; i < line[0].length; i++) {
            // between grid corners f is interpolated linearly: off the circle by less than a cell's curvature
            assertThat(Math.hypot(line[0][i], line[1][i])).isCloseTo(1.0, within(0.01));
        }
        assertThat(line[0][0]).isEqualTo(line[0][line[0].length - 1]);
        assertThat(line[1][0]).isEqualTo(line[1][line[1].length - 1]);
    }

    @Test
    void linesThatLeaveTheWindowAreOpenAndSeparated() {
        // f = x·y: level 1 is a hyperbola with one branch in each of two quadrants
        IsoLines iso = new IsoLines((x, y) -> x * y, new double[] {-3, 3, -3, 3}, 60);
        double[][] line = iso.at(1.0);
        long gaps = Arrays.stream(line[0]).filter(Double::isNaN).count();
        assertThat(gaps).as("NaN between the two branches").isEqualTo(1);
        for (int i = 0; i < line[0].length; i++) {
            if (!Double.isNaN(line[0][i])) {
                assertThat(line[0][i] * line[1][i]).isCloseTo(1.0, within(0.05));
            }
        }
    }

    @Test
    void levelsAreDistinctAndWithinTheFunctionsRange() {
        double[] levels = new IsoLines((x, y) -> x * x / 20 + y * y, new double[] {-10, 10, -5, 5}, 100).levels(14);
        assertThat(levels).hasSize(14).isSorted();
        assertThat(levels[0]).isGreaterThan(0);
        assertThat(levels[13]).isLessThan(30);
    }
}
