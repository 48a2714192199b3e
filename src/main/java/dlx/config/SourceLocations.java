package dlx.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Where each key and value of a config file starts, so errors found after parsing can point at a line. */
final class SourceLocations {
    private final Map<String, String> lineColumn = new HashMap<>();

    SourceLocations(JsonFactory factory, String text) throws IOException {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonStreamContext context = parser.getParsingContext();
                // A container's own token opens its child context; its location belongs to the parent's path.
                JsonStreamContext owner = token.isStructStart() && context.getParent() != null ? context.getParent() : context;
                if (token.isStructEnd()) {
                    continue;
                }
                var location = parser.currentTokenLocation();
                lineColumn.putIfAbsent(owner.pathAsPointer().toString(),
                        location.getLineNr() + ":" + location.getColumnNr());
            }
        }
    }

    /** "line:column" of the deepest key on the path that the file has, or null. */
    String find(JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            String found = lineColumn.get(p.toString());
            if (found != null && !p.toString().isEmpty()) {
                return found;
            }
        }
        return null;
    }

    /** Whether the file has exactly this key. */
    boolean has(JsonPointer pointer) {
        return lineColumn.containsKey(pointer.toString());
    }

    static JsonPointer pointerOf(String dottedPath) {
        if (dottedPath.isEmpty()) {
            return JsonPointer.empty();
        }
        return JsonPointer.compile("/" + dottedPath.replace(".", "/").replaceAll("\\[(\\d+)]", "/$1"));
    }
}
