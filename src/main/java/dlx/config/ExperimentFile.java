package dlx.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dlx.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads an experiment file (YAML, or JSON by its .json extension), applies {@code --set} overrides,
 * and resolves it. Every error becomes a {@link ConfigException} of one line that names the file,
 * the line and column where known, the key's path and what is allowed.
 */
public final class ExperimentFile {
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID) // type: dense, as users write it, not a YAML tag
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .loaderOptions(loaderOptions())
            .build()).build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    private ExperimentFile() {
    }

    /** SnakeYAML's own bounds: no more text than an experiment file may hold, few aliases, shallow nesting. */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Limits.EXPERIMENT_FILE_BYTES);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        return options;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .setAnnotationIntrospector(new Variants.Introspector())
                .addHandler(new Variants.Defaults())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** An experiment read from a file, and where each of its keys came from (for errors found later). */
    public record Loaded(Experiment experiment, KeyOrigins origins) {
    }

    /** Loads, overrides and resolves {@code file}; the default run name is the file name without extension. */
    public static Experiment load(Path file, List<String> overrides, Function<DataConfig, List<Integer>> dataInput) {
        return read(file, overrides, dataInput).experiment();
    }

    /** {@link #load}, with the origins of the keys: a check against the data can then name their lines. */
    public static Loaded read(Path file, List<String> overrides, Function<DataConfig, List<Integer>> dataInput) {
        String fileName = file.getFileName().toString();
        String stem = fileName.replaceFirst("\\.(ya?ml|json)$", "");
        return parsed(text(file), file.toString(), fileName.endsWith(".json"), overrides, stem, dataInput);
    }

    /** The file's text; a file larger than any experiment is refused before it is read. */
    private static String text(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.isRegularFile(file) && Files.size(file) > Limits.EXPERIMENT_FILE_BYTES) {
                throw tooLarge(file, String.format(Locale.ROOT, "%,d bytes", Files.size(file)));
            }
            byte[] bytes = Limits.readAtMost(in, Limits.EXPERIMENT_FILE_BYTES);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (Limits.TooLarge e) {
            throw tooLarge(file, e.getMessage());
        } catch (NoSuchFileException e) {
            throw new ConfigException("", file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("", file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static ConfigException tooLarge(Path file, String size) {
        return new ConfigException("", file + ": " + size + "; an experiment file may hold at most "
                + Limits.bytes(Limits.EXPERIMENT_FILE_BYTES) + " (the shipped ones hold 2 KB): is it the file you meant?");
    }

    /**
     * Refuses a YAML line longer than any experiment has: SnakeYAML's time grows with the square of a token's length,
     * so one long line would hold the parser for minutes.
     */
    private static void requireShortLines(String text, String source) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > Limits.YAML_LINE_CHARS) {
                    throw new ConfigException("", String.format(Locale.ROOT, "%s:%d: a line of %,d characters; a line of"
                            + " an experiment file may have at most %,d", source, line, i - start, Limits.YAML_LINE_CHARS));
                }
                line++;
                start = i + 1;
            }
        }
    }

    /** Parses the text of an experiment file; {@code source} names it in error messages. */
    public static Experiment parse(String text, String source, boolean json, List<String> overrides, String defaultName,
                                   Function<DataConfig, List<Integer>> dataInput) {
        return parsed(text, source, json, overrides, defaultName, dataInput).experiment();
    }

    private static Loaded parsed(String text, String source, boolean json, List<String> overrides, String defaultName,
                                 Function<DataConfig, List<Integer>> dataInput) {
        ObjectMapper mapper = json ? JSON : YAML;
        if (!json) {
            requireShortLines(text, source);
        }
        JsonNode tree;
        SourceLocations locations;
        try {
            tree = mapper.readTree(text);
            locations = new SourceLocations(mapper.getFactory(), text);
        } catch (JsonProcessingException e) {
            throw SyntaxError.of(e, text, source, json);
        } catch (IOException e) {
            throw new ConfigException("", source + ": cannot read (" + e.getMessage() + ")");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = mapper.createObjectNode();
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException("", source + ": an experiment file is a mapping of keys (name, data, model, ...), got "
                    + tree.getNodeType().toString().toLowerCase());
        }
        KeyOrigins origins = new KeyOrigins(source, locations, Overrides.apply(root, overrides, YAML));
        try {
            return new Loaded(bind(mapper, root).resolve(defaultName, dataInput), origins);
        } catch (ConfigException e) {
            throw origins.locate(e);
        }
    }

    /** The resolved config as YAML: what {@code dlx config print} shows and config.yaml holds. */
    public static String toYaml(Experiment experiment) {
        try {
            return YAML.writeValueAsString(experiment);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolved config always serializes", e);
        }
    }

    /** Every leaf of a resolved experiment as {@code path → value}, in file order: what runs are compared by. */
    public static java.util.Map<String, String> flatten(Experiment experiment) {
        java.util.Map<String, String> leaves = new java.util.LinkedHashMap<>();
        flatten("", YAML.valueToTree(experiment), leaves);
        return leaves;
    }

    private static void flatten(String path, JsonNode node, java.util.Map<String, String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), into));
        } else if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.put(path, flow(node));
        }
    }

    /**
     * The keys whose values differ between two resolved experiments, as {@code path: old → new},
     * in file order: what {@code --resume} reports and what {@code runs compare} will show.
     */
    public static List<String> differences(Experiment before, Experiment after) {
        List<String> found = new java.util.ArrayList<>();
        compare("", YAML.valueToTree(before), YAML.valueToTree(after), found);
        return found;
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<String> found) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key), found);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                compare(path + "[" + i + "]", a.get(i), b.get(i), found);
            }
        } else if (a == null || !a.equals(b)) {
            found.add(path + ": " + flow(a) + " → " + flow(b));
        }
    }

    private static String flow(JsonNode node) {
        return node == null ? "(absent)" : node.isValueNode() ? node.asText() : node.toString();
    }

    /** Reads back a config that dlx wrote itself (config.yaml, a checkpoint's copy); it is already resolved. */
    public static Experiment fromResolvedYaml(String yaml, String source) {
        return parse(yaml, source, false, List.of(), "run", data -> null);
    }

    /** Binds one optimizer section, as an experiment file's {@code optimizer:} is bound, and resolves it. */
    static OptimizerConfig optimizer(ObjectNode section) {
        ObjectNode root = JSON.createObjectNode();
        root.set("optimizer", section);
        return bind(JSON, root).optimizer().resolve("optimizer");
    }

    /** Binds the tree to the records; what Jackson refuses becomes one line naming the key and what is allowed. */
    static Experiment bind(ObjectMapper mapper, JsonNode root) {
        try {
            return mapper.treeToValue(root, Experiment.class);
        } catch (UnrecognizedPropertyException e) {
            throw unknownKey(e);
        } catch (InvalidTypeIdException e) {
            throw unknownType(e, root);
        } catch (InvalidFormatException e) {
            if (e.getTargetType() != null && e.getTargetType().isEnum()) {
                String path = pathOf(e);
                List<String> names = choices(e.getTargetType());
                String given = String.valueOf(e.getValue());
                throw new ConfigException(path, "'" + given + "' is not one of " + String.join(", ", names)
                        + DidYouMean.hint(given, names));
            }
            throw mismatched(e, root);
        } catch (MismatchedInputException e) {
            throw mismatched(e, root);
        } catch (JsonProcessingException e) {
            throw new ConfigException(e instanceof JsonMappingException m ? pathOf(m) : "", SyntaxError.firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("", SyntaxError.firstLine(e.getMessage()));
        }
    }

    /**
     * A key no record here takes. On a layer, optimizer, schedule or data source that another type of its family
     * takes, it is "not used by" this type; otherwise unknown, with the closest known key.
     */
    private static ConfigException unknownKey(UnrecognizedPropertyException e) {
        String path = pathOf(e);
        String key = e.getPropertyName();
        Class<?> variant = e.getReferringClass();
        Class<?> family = Variants.familyOf(variant);
        List<String> known = new ArrayList<>(e.getKnownPropertyIds().stream().map(Object::toString).toList());
        if (family != null) {
            String typeKey = Variants.typeKey(family);
            if (key.equals(typeKey)) {
                // the type was null, a list or a mapping, so Jackson took the default type and kept this key
                return new ConfigException(path, "expected one of " + String.join(", ", Variants.names(family)));
            }
            if (Variants.anyTakes(family, key)) {
                return new ConfigException(path, Variants.notUsed(variant));
            }
            known.add(typeKey);
        }
        Collections.sort(known);
        return new ConfigException(path, "unknown key" + DidYouMean.hint(key, known) + "; allowed here: "
                + String.join(", ", known));
    }

    /** A layer, optimizer, schedule or data source whose type is missing or not one of its family's. */
    private static ConfigException unknownType(InvalidTypeIdException e, JsonNode root) {
        String path = pathOf(e);
        JsonNode given = root.at(SourceLocations.pointerOf(path));
        if (!given.isObject()) {
            return new ConfigException(path, "expected a mapping of keys, got " + shown(given));
        }
        Class<?> family = e.getBaseType().getRawClass();
        String key = path + "." + Variants.typeKey(family);
        List<String> names = Variants.names(family);
        if (e.getTypeId() == null) {
            return new ConfigException(key, "is required: one of " + String.join(", ", names));
        }
        return new ConfigException(key, "'" + e.getTypeId() + "' is not one of " + String.join(", ", names)
                + DidYouMean.hint(e.getTypeId(), names));
    }

    private static ConfigException mismatched(MismatchedInputException e, JsonNode root) {
        String path = pathOf(e);
        return new ConfigException(path, "expected " + describe(e.getTargetType()) + ", got "
                + shown(root.at(SourceLocations.pointerOf(path))));
    }

    /** What a message shows of a value found in the file. */
    private static String shown(JsonNode given) {
        return given.isMissingNode() ? "something else" : given.isValueNode() ? "'" + given.asText() + "'"
                : given.getNodeType().toString().toLowerCase();
    }

    /** The names a config may give for a closed set; of the metrics, the per-epoch ones. */
    private static List<String> choices(Class<?> type) {
        List<?> constants = type == Metric.class ? Metric.perEpoch() : List.of(type.getEnumConstants());
        return constants.stream().map(Object::toString).toList();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a word or text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", choices(type));
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        // a section with a short form (init: he, record: 50) names both forms
        for (java.lang.reflect.Method creator : type.getDeclaredMethods()) {
            if (creator.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)
                    && java.lang.reflect.Modifier.isStatic(creator.getModifiers()) && creator.getParameterCount() == 1) {
                return describe(creator.getParameterTypes()[0]) + ", or a mapping of keys";
            }
        }
        return "a mapping of keys";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
