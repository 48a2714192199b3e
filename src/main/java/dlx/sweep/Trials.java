package dlx.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The trials a sweep runs: each one a set of key → value overrides of the base config. */
public final class Trials {
    private Trials() {
    }

    /** Every combination of the domains' grid values, in order. */
    public static List<Map<String, String>> grid(List<Domain> domains) {
        List<Map<String, String>> trials = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Domain domain : domains) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> trial : trials) {
                for (String value : domain.gridValues()) {
                    Map<String, String> extended = new LinkedHashMap<>(trial);
                    extended.put(domain.key(), value);
                    next.add(extended);
                }
            }
            trials = next;
        }
        return trials;
    }

    /** {@code count} trials drawn at random; the same seed draws the same trials. */
    public static List<Map<String, String>> random(List<Domain> domains, int count, long seed) {
        Random random = new Random(seed);
        List<Map<String, String>> trials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> trial = new LinkedHashMap<>();
            domains.forEach(d -> trial.put(d.key(), d.sample(random)));
            trials.add(trial);
        }
        return trials;
    }
}
