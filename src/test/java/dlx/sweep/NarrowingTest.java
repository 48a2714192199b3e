package dlx.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dlx.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NarrowingTest {
    private static Sweep.Trial trial(int index, String... keyValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            parameters.put(keyValues[i], keyValues[i + 1]);
        }
        return new Sweep.Trial(index, Sweep.trialName(index), parameters, "completed", 0.5, 2, null, null);
    }

    @Test
    void aLoguniformRangeNarrowsInLogSpaceToTheBestTrialsWidenedByATenthOfTheOldWidth() {
        // log10: best at -3 and -2.5 (0.001, 0.003162); the old range -6..-2 is 4 decades wide, a tenth is 0.4
        Narrowing narrowing = Narrowing.around(List.of(Domain.parse("optimizer.lr=loguniform(1e-6, 1e-2)")),
                List.of(trial(0, "optimizer.lr", "0.001"), trial(1, "optimizer.lr", "0.003162")));
        Domain lr = narrowing.domains().get(0);
        assertThat(lr.kind()).isEqualTo("loguniform");
        assertThat(Double.parseDouble(lr.values().get(0))).isCloseTo(Math.pow(10, -3.4), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(Double.parseDouble(lr.values().get(1))).as("-2.5 + 0.4 = -2.1").isCloseTo(Math.pow(10, -2.1),
                org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(narrowing.notes()).isEmpty();
        assertThat(narrowing.params()).containsExactly("optimizer.lr=loguniform(0.0003981, 0.007943)");
    }

    @Test
    void aRangeStaysWithinTheOldOneAndSaysWhenTheBestCrowdItsEnd() {
        Narrowing narrowing = Narrowing.around(List.of(Domain.parse("optimizer.lr=loguniform(1e-6, 1e-2)")),
                List.of(trial(6, "optimizer.lr", "0.0099"), trial(7, "optimizer.lr", "0.0081")));
        assertThat(narrowing.params()).containsExactly("optimizer.lr=loguniform(0.003225, 0.01)");
        assertThat(narrowing.notes()).singleElement().asString().startsWith("optimizer.lr: the best 2 trials reach within"
                + " a tenth of the range's upper end (1e-2)");
    }

    @Test
    void bestTrialsAtBothEndsGetOneNoteNamingBothEnds() {
        Narrowing narrowing = Narrowing.around(List.of(Domain.parse("dropout=uniform(0, 1)")),
                List.of(trial(1, "dropout", "0.02"), trial(4, "dropout", "0.97"), trial(2, "dropout", "0.5")));
        assertThat(narrowing.params()).containsExactly("dropout=uniform(0, 1)");
        assertThat(narrowing.notes()).singleElement().asString().startsWith("dropout: the best 3 trials reach within a"
                + " tenth of both ends of the range (0 and 1), so it cannot narrow");
    }

    @Test
    void uniformAndIntRangesNarrowLinearlyAndAnIntRangeRoundsOutwards() {
        List<Domain> domains = List.of(Domain.parse("dropout=uniform(0, 1)"), Domain.parse("units=int(8, 256)"));
        Narrowing narrowing = Narrowing.around(domains,
                List.of(trial(0, "dropout", "0.4", "units", "64"), trial(1, "dropout", "0.5", "units", "100")));
        // dropout: 0.4..0.5 widened by 0.1; units: 64..100 widened by 24.8 to 39.2..124.8, then 39..125
        assertThat(narrowing.params()).containsExactly("dropout=uniform(0.3, 0.6)", "units=int(39, 125)");
    }

    @Test
    void aListKeepsTheValuesOfTheBestTrialsInItsOwnOrder() {
        Narrowing narrowing = Narrowing.around(List.of(Domain.parse("optimizer.type=[sgd, momentum, adagrad, adam]")),
                List.of(trial(3, "optimizer.type", "adam"), trial(0, "optimizer.type", "sgd"),
                        trial(5, "optimizer.type", "adam")));
        assertThat(narrowing.params()).containsExactly("optimizer.type=[sgd, adam]");
    }

    @Test
    void theNarrowedParamsReadBackAsTheSameDomains() {
        List<Domain> domains = List.of(Domain.parse("a=loguniform(1e-8, 1e-4)"), Domain.parse("b=int(1, 3)"),
                Domain.parse("c=choice(x, y)"));
        Narrowing narrowing = Narrowing.around(domains, List.of(trial(0, "a", "1e-6", "b", "2", "c", "y")));
        assertThat(narrowing.params().stream().map(Domain::parse).toList()).isEqualTo(narrowing.domains());
    }

    @Test
    void aSweepWithoutScoredTrialsCannotBeNarrowed() {
        assertThatThrownBy(() -> Narrowing.around(List.of(Domain.parse("a=uniform(0, 1)")), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no trial with a score");
    }
}
