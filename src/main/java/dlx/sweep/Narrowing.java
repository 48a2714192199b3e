package dlx.sweep;

import dlx.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The next stage of a search, as the notes do it: search wide (a log scale for rates), then narrow each swept key's
 * range around the best trials and search again. A range becomes the span of the best K trials' values, widened on
 * each side by a tenth of the old range's width (in log space for {@code loguniform}) and kept within the old
 * range; an int range is rounded outwards; a list keeps the values the best K trials had.
 *
 * @param domains the narrowed domains, in the order of the sweep's keys
 * @param notes   one line for each key whose best trials crowd an end of its range (the best may lie beyond it),
 *                or both ends (it cannot narrow)
 */
public record Narrowing(List<Domain> domains, List<String> notes) {
    /** The part of the old range's width added on each side of the best trials' span. */
    static final double MARGIN = 0.1;

    /**
     * @param domains the sweep's domains
     * @param best    the best trials, best first, each with a value
     */
    public static Narrowing around(List<Domain> domains, List<Sweep.Trial> best) {
        if (best.isEmpty()) {
            throw new InvalidInputException("--narrow: the sweep has no trial with a score to narrow around");
        }
        List<Domain> narrowed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Domain domain : domains) {
            List<String> values = best.stream().map(t -> t.parameters().get(domain.key())).toList();
            if (domain.kind().equals("list")) {
                narrowed.add(new Domain(domain.key(), "list", domain.values().stream().filter(values::contains).toList()));
                continue;
            }
            boolean log = domain.kind().equals("loguniform");
            DoubleUnaryOperator scale = log ? Math::log10 : v -> v;
            DoubleUnaryOperator unscale = log ? v -> Math.pow(10, v) : v -> v;
            double oldLow = scale.applyAsDouble(Double.parseDouble(domain.values().get(0)));
            double oldHigh = scale.applyAsDouble(Double.parseDouble(domain.values().get(1)));
            List<Double> scaled = values.stream().map(v -> scale.applyAsDouble(Double.parseDouble(v)))
                    .sorted(Comparator.naturalOrder()).toList();
            double margin = MARGIN * (oldHigh - oldLow);
            double low = Math.max(oldLow, scaled.get(0) - margin);
            double high = Math.min(oldHigh, scaled.get(scaled.size() - 1) + margin);
            boolean upper = scaled.get(scaled.size() - 1) > oldHigh - margin;
            boolean lower = scaled.get(0) < oldLow + margin;
            if (upper && lower) {
                notes.add(domain.key() + ": the best " + best.size() + " trials reach within a tenth of both ends of the"
                        + " range (" + domain.values().get(0) + " and " + domain.values().get(1) + "), so it cannot"
                        + " narrow: the score hardly depends on this key here, or more trials (or a smaller --top) can tell");
            } else if (upper) {
                notes.add(crowding(domain, best.size(), "upper", domain.values().get(1)));
            } else if (lower) {
                notes.add(crowding(domain, best.size(), "lower", domain.values().get(0)));
            }
            if (domain.kind().equals("int")) {
                long from = (long) Math.floor(low);
                long to = (long) Math.ceil(high);
                narrowed.add(from == to ? new Domain(domain.key(), "list", List.of(String.valueOf(from)))
                        : new Domain(domain.key(), "int", List.of(String.valueOf(from), String.valueOf(to))));
            } else {
                narrowed.add(new Domain(domain.key(), domain.kind(), List.of(bound(unscale.applyAsDouble(low)),
                        bound(unscale.applyAsDouble(high)))));
            }
        }
        return new Narrowing(narrowed, notes);
    }

    private static String crowding(Domain domain, int top, String end, String bound) {
        return domain.key() + ": the best " + (top == 1 ? "trial lies" : top + " trials reach") + " within a tenth of"
                + " the range's " + end + " end (" + bound + "); the best value may lie beyond it: a wider search there"
                + " can tell";
    }

    /** A bound as --param text: four significant digits, enough to tell the stages' ranges apart. */
    private static String bound(double value) {
        return String.format(Locale.ROOT, "%.4g", value).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceFirst("\\.(e|$)", "$1");
    }

    /** The narrowed domains as --param values, e.g. {@code optimizer.lr=loguniform(0.0006918,0.01)}. */
    public List<String> params() {
        return domains.stream().map(Domain::param).toList();
    }
}
