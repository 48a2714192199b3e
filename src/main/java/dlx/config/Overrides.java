package dlx.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --set model.layers[2].rate=0.5}: a value, parsed as YAML, put at a path of the config tree. */
final class Overrides {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Overrides() {
    }

    /** Applies each {@code key=value} in order and returns the JSON pointers it set. */
    static List<JsonPointer> apply(ObjectNode root, List<String> assignments, ObjectMapper yaml) {
        List<JsonPointer> touched = new ArrayList<>();
        for (String assignment : assignments) {
            touched.add(applyOne(root, assignment, yaml));
        }
        return touched;
    }

    private static JsonPointer applyOne(ObjectNode root, String assignment, ObjectMapper yaml) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("", "--set " + assignment + ": expected key=value, e.g. --set optimizer.lr=0.01");
        }
        String path = assignment.substring(0, eq).trim();
        JsonNode value = parseValue(assignment.substring(eq + 1), assignment, yaml);
        List<Object> steps = steps(path, assignment);

        JsonNode node = root;
        StringBuilder at = new StringBuilder();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            pointer.append('/').append(step);
            if (step instanceof String key) {
                if (!(node instanceof ObjectNode object)) {
                    throw new ConfigException("", "--set " + assignment + ": " + at + " is not a mapping, cannot set '" + key + "'");
                }
                if (last) {
                    object.set(key, value);
                } else if (!object.has(key) || object.get(key).isNull()) {
                    object.set(key, steps.get(i + 1) instanceof String ? object.objectNode() : object.arrayNode());
                }
                at.append(at.length() == 0 ? "" : ".").append(key);
                node = object.get(key);
            } else {
                int index = (Integer) step;
                if (!(node instanceof ArrayNode array) || index >= array.size()) {
                    throw new ConfigException("", "--set " + assignment + ": " + at + " has "
                            + (node instanceof ArrayNode a ? a.size() + " entries (indices 0.." + (a.size() - 1) + ")" : "no list"));
                }
                if (last) {
                    array.set(index, value);
                }
                at.append('[').append(index).append(']');
                node = array.get(index);
            }
        }
        return JsonPointer.compile(pointer.toString());
    }

    private static List<Object> steps(String path, String assignment) {
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new ConfigException("", "--set " + assignment + ": '" + path
                        + "' is not a key path (write e.g. optimizer.lr or model.layers[2].rate)");
            }
            steps.add(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                steps.add(Integer.parseInt(index.group(1)));
            }
        }
        return steps;
    }

    private static JsonNode parseValue(String text, String assignment, ObjectMapper yaml) {
        if (text.isBlank()) {
            return TextNode.valueOf(text);
        }
        try {
            JsonNode node = yaml.readTree(text);
            return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
        } catch (java.io.IOException e) {
            throw new ConfigException("", "--set " + assignment + ": the value is not valid YAML");
        }
    }
}
