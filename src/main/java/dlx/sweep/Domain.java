package dlx.sweep;

import dlx.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one swept key takes its values: {@code [a, b, c]} or {@code choice(a, b, c)} (a list),
 * {@code uniform(a, b)}, {@code loguniform(a, b)} (uniform in log space: learning rates, weight decay)
 * or {@code int(a, b)} (whole numbers from a to b inclusive).
 *
 * @param key    the config path, e.g. optimizer.lr
 * @param kind   list | uniform | loguniform | int
 * @param values the list's values (as YAML text), or the two bounds
 */
public record Domain(String key, String kind, List<String> values) {
    private static final Pattern PARAM = Pattern.compile("\\s*([A-Za-z_][\\w.\\[\\]-]*)\\s*=\\s*(.+?)\\s*");
    private static final Pattern CALL = Pattern.compile("(choice|uniform|loguniform|int)\\((.*)\\)");

    /** Parses {@code key=domain} as given to {@code --param}. */
    public static Domain parse(String param) {
        Matcher m = PARAM.matcher(param);
        if (!m.matches()) {
            throw invalid(param, "expected key=domain");
        }
        String key = m.group(1);
        String domain = m.group(2);
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return list(param, key, domain.substring(1, domain.length() - 1));
        }
        Matcher call = CALL.matcher(domain);
        if (!call.matches()) {
            throw invalid(param, "'" + domain + "' is not a domain");
        }
        if (call.group(1).equals("choice")) {
            return list(param, key, call.group(2));
        }
        List<String> bounds = split(call.group(2));
        if (bounds.size() != 2) {
            throw invalid(param, call.group(1) + " takes two bounds, got " + bounds.size());
        }
        double low;
        double high;
        try {
            low = Double.parseDouble(bounds.get(0));
            high = Double.parseDouble(bounds.get(1));
        } catch (NumberFormatException e) {
            throw invalid(param, "the bounds must be numbers");
        }
        if (!(low < high)) {
            throw invalid(param, "the lower bound must be below the upper one");
        }
        if (call.group(1).equals("loguniform") && low <= 0) {
            throw invalid(param, "loguniform needs bounds > 0");
        }
        if (call.group(1).equals("int") && (low != Math.rint(low) || high != Math.rint(high))) {
            throw invalid(param, "int takes whole-number bounds");
        }
        return new Domain(key, call.group(1), bounds);
    }

    private static Domain list(String param, String key, String inner) {
        List<String> values = split(inner);
        if (values.isEmpty() || values.contains("")) {
            throw invalid(param, "the list is empty or has an empty value");
        }
        return new Domain(key, "list", values);
    }

    private static List<String> split(String inner) {
        List<String> parts = new ArrayList<>();
        for (String part : inner.split(",", -1)) {
            parts.add(part.trim());
        }
        return inner.isBlank() ? List.of() : parts;
    }

    private static InvalidInputException invalid(String param, String why) {
        return new InvalidInputException("--param " + param + ": " + why + " (domains: [a, b], choice(a, b),"
                + " uniform(a, b), loguniform(a, b), int(a, b))");
    }

    /** The domain as --param text, which {@link #parse} reads back. */
    public String param() {
        return key + "=" + (kind.equals("list") ? "[" + String.join(", ", values) + "]"
                : kind + "(" + String.join(", ", values) + ")");
    }

    /** One value drawn at random, as the text of a {@code --set} value. */
    public String sample(Random random) {
        double low = kind.equals("list") ? 0 : Double.parseDouble(values.get(0));
        double high = kind.equals("list") ? 0 : Double.parseDouble(values.get(1));
        return switch (kind) {
            case "list" -> values.get(random.nextInt(values.size()));
            case "uniform" -> number(low + random.nextDouble() * (high - low));
            case "loguniform" -> number(Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low))));
            default -> String.valueOf((long) low + random.nextInt((int) (high - low) + 1));
        };
    }

    /** The values a grid walks through: a list's values, or every whole number of an int range. */
    public List<String> gridValues() {
        return switch (kind) {
            case "list" -> values;
            case "int" -> java.util.stream.LongStream.rangeClosed((long) Double.parseDouble(values.get(0)),
                    (long) Double.parseDouble(values.get(1))).mapToObj(String::valueOf).toList();
            default -> throw new InvalidInputException("--param " + key + ": a grid needs a list or int(a, b), not "
                    + kind + " (use --strategy random for continuous ranges)");
        };
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
