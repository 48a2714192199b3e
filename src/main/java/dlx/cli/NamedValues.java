package dlx.cli;

import dlx.config.DidYouMean;
import dlx.config.Metric;
import dlx.run.RunStatus;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/**
 * An enum-typed option's values by the names users type ({@code stopped-early}, {@code val_accuracy}): picocli's own
 * enum conversion knows only the constants' Java names. Also the option's completion candidates.
 */
abstract class NamedValues<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;

    NamedValues(Class<E> type) {
        this.type = type;
    }

    List<String> names() {
        return Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
    }

    @Override
    public E convert(String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.toString().equals(value)) {
                return constant;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + String.join(", ", names())
                + DidYouMean.hint(value, names()));
    }

    @Override
    public Iterator<String> iterator() {
        return names().iterator();
    }

    static final class Statuses extends NamedValues<RunStatus> {
        Statuses() {
            super(RunStatus.class);
        }
    }

    static final class Metrics extends NamedValues<Metric> {
        Metrics() {
            super(Metric.class);
        }
    }
}
