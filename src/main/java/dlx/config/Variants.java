package dlx.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A section with one record per type (layers, optimizers, schedules, data sources) is a sealed interface
 * annotated {@code @JsonTypeInfo}, whose records carry their names ({@code @JsonTypeName}). Its variants are
 * the records its {@code permits} clause lists, in that order: a new type is one more record and its name in
 * that clause (the compiler insists), and Jackson, the messages and the allowed names learn of it there.
 */
final class Variants {
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private Variants() {
    }

    /** Whether {@code type} is such a sealed section (the interface, not one of its records). */
    static boolean isFamily(Class<?> type) {
        return type.isInterface() && type.isSealed() && type.isAnnotationPresent(JsonTypeInfo.class);
    }

    /**
     * The records of a family, in the order of its {@code permits} clause; a sealed interface among them that groups some (the
     * recurrent layers, say) stands for its own records.
     */
    static List<Class<?>> of(Class<?> family) {
        List<Class<?>> records = new ArrayList<>();
        for (Class<?> permitted : family.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                records.add(permitted);
            } else if (permitted.isSealed()) {
                records.addAll(of(permitted));
            }
        }
        return records;
    }

    /** The family a record of one belongs to, or null. */
    static Class<?> familyOf(Class<?> type) {
        for (Class<?> candidate : type.getInterfaces()) {
            Class<?> family = isFamily(candidate) ? candidate : familyOf(candidate);
            if (family != null) {
                return family;
            }
        }
        return null;
    }

    /** The key that names the type: {@code type}, or {@code source} for data. */
    static String typeKey(Class<?> family) {
        return family.getAnnotation(JsonTypeInfo.class).property();
    }

    static String name(Class<?> variant) {
        return variant.getAnnotation(JsonTypeName.class).value();
    }

    static List<String> names(Class<?> family) {
        return of(family).stream().map(Variants::name).toList();
    }

    /** The keys a record takes besides the type, in the order a resolved config writes them. */
    static List<String> keys(Class<?> variant) {
        return Arrays.stream(variant.getRecordComponents()).map(RecordComponent::getName).map(SNAKE_CASE::translate)
                .toList();
    }

    /** The keys that every type of the family takes (schedules' unit and warmup, data's validation_split …). */
    static Set<String> commonKeys(Class<?> family) {
        Set<String> common = null;
        for (Class<?> variant : of(family)) {
            if (common == null) {
                common = new LinkedHashSet<>(keys(variant));
            } else {
                common.retainAll(keys(variant));
            }
        }
        return common == null ? Set.of() : common;
    }

    /** What a message calls a type: {@code dense}, or {@code source csv} where the key is not {@code type}. */
    static String label(Class<?> variant) {
        String key = typeKey(familyOf(variant));
        return (key.equals("type") ? "" : key + " ") + name(variant);
    }

    /** Why a key that another type of the family takes is refused on {@code variant}: "not used by dropout (it takes: rate)". */
    static String notUsed(Class<?> variant) {
        return "not used by " + label(variant) + " " + takes(variant);
    }

    /**
     * "(it takes: kernel, stride, padding)": the keys that set this type apart; for a type without any, the keys every
     * type of its family takes ("(it takes only lr, as every type does)"), or "(it takes no options)".
     */
    static String takes(Class<?> variant) {
        Set<String> common = commonKeys(familyOf(variant));
        List<String> own = new ArrayList<>(keys(variant));
        own.removeAll(common);
        if (!own.isEmpty()) {
            return "(it takes: " + String.join(", ", own) + ")";
        }
        return common.isEmpty() ? "(it takes no options)" : "(it takes only " + String.join(", ", common) + ", as every type does)";
    }

    /** Whether some type of the family takes {@code key}. */
    static boolean anyTakes(Class<?> family, String key) {
        return of(family).stream().anyMatch(v -> keys(v).contains(key));
    }

    /** Tells Jackson the subtypes of each family: its records, under their names. */
    static final class Introspector extends JacksonAnnotationIntrospector {
        @Override
        public List<NamedType> findSubtypes(Annotated annotated) {
            if (annotated instanceof AnnotatedClass c && isFamily(c.getRawType())) {
                return of(c.getRawType()).stream().map(v -> new NamedType(v, name(v))).toList();
            }
            return super.findSubtypes(annotated);
        }
    }

    /** A section that names no type gets its family's default, e.g. {@code optimizer: {lr: 0.1}} is adam. */
    static final class Defaults extends DeserializationProblemHandler {
        @Override
        public JavaType handleMissingTypeId(DeserializationContext context, JavaType baseType, TypeIdResolver resolver,
                                            String failure) {
            Default fallback = baseType.getRawClass().getAnnotation(Default.class);
            return fallback == null ? null : context.constructType(fallback.value());
        }
    }

    /** The record a section of this family is when it names no type. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @interface Default {
        Class<?> value();
    }
}
