package dlx.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dlx.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DomainTest {
    @Test
    void loguniformDrawsSpreadEvenlyOverTheDecades() {
        Domain lr = Domain.parse("optimizer.lr=loguniform(1e-4,1e-1)");
        Random random = new Random(1);
        int[] perDecade = new int[3];
        for (int i = 0; i < 3000; i++) {
            double value = Double.parseDouble(lr.sample(random));
            assertThat(value).isBetween(1e-4, 1e-1);
            perDecade[(int) Math.floor(Math.log10(value) + 4)]++;
        }
        for (int count : perDecade) {
            assertThat(count).isBetween(900, 1100);
        }
    }

    @Test
    void listsChoicesAndIntsDrawOnlyTheirValues() {
        Random random = new Random(2);
        for (int i = 0; i < 100; i++) {
            assertThat(Domain.parse("optimizer.type=[sgd, adam]").sample(random)).isIn("sgd", "adam");
            assertThat(Domain.parse("optimizer.type=choice(sgd,momentum)").sample(random)).isIn("sgd", "momentum");
            assertThat(Integer.parseInt(Domain.parse("model.layers[0].units=int(2,4)").sample(random))).isBetween(2, 4);
        }
    }

    @Test
    void theSameSeedDrawsTheSameTrials() {
        List<Domain> domains = List.of(Domain.parse("optimizer.lr=loguniform(1e-4,1e-1)"),
                Domain.parse("optimizer.type=[sgd,momentum,adagrad,adam]"));
        assertThat(Trials.random(domains, 5, 7)).isEqualTo(Trials.random(domains, 5, 7))
                .isNotEqualTo(Trials.random(domains, 5, 8));
    }

    @Test
    void aGridIsEveryCombination() {
        List<Map<String, String>> grid = Trials.grid(List.of(Domain.parse("a=[1,2]"), Domain.parse("b=int(5,7)")));
        assertThat(grid).hasSize(6);
        assertThat(grid.get(0)).containsEntry("a", "1").containsEntry("b", "5");
        assertThat(grid.get(5)).containsEntry("a", "2").containsEntry("b", "7");
        assertThatThrownBy(() -> Trials.grid(List.of(Domain.parse("lr=uniform(0,1)"))))
                .hasMessageContaining("a grid needs a list or int(a, b)");
    }

    @Test
    void badDomainsSayWhatIsAllowed() {
        assertThatThrownBy(() -> Domain.parse("optimizer.lr=lognormal(1,2)")).isInstanceOf(InvalidInputException.class)
                .hasMessage("--param optimizer.lr=lognormal(1,2): 'lognormal(1,2)' is not a domain (domains: [a, b],"
                        + " choice(a, b), uniform(a, b), loguniform(a, b), int(a, b))");
        assertThatThrownBy(() -> Domain.parse("lr=loguniform(0,1)")).hasMessageContaining("loguniform needs bounds > 0");
        assertThatThrownBy(() -> Domain.parse("lr=uniform(2,1)")).hasMessageContaining("lower bound must be below");
        assertThatThrownBy(() -> Domain.parse("just-a-key")).hasMessageContaining("expected key=domain");
    }
}
