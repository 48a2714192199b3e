package dlx.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A file that is not valid YAML or JSON, told as what to fix at the line and column where it is: the parsers'
 * own words ("while scanning for the next token", "Unexpected character (']' (code 93))") name their state, not
 * the mistake, and SnakeYAML's position is often the start of what it was reading rather than the culprit.
 */
final class SyntaxError {
    private SyntaxError() {
    }

    static ConfigException of(JsonProcessingException e, String text, String source, boolean json) {
        return json ? json(e, text, source) : yaml(e, source);
    }

    private static ConfigException yaml(JsonProcessingException e, String source) {
        if (!(e.getCause() instanceof MarkedYAMLException marked) || marked.getProblemMark() == null) {
            return at(source, e.getLocation(), "YAML", plain(e));
        }
        String problem = marked.getProblem() == null ? "" : marked.getProblem();
        String context = marked.getContext() == null ? "" : marked.getContext();
        Mark start = marked.getContextMark();
        String hint;
        if (problem.contains("(TAB)") || problem.contains("\t")) {
            hint = "tabs cannot indent YAML; indent with spaces";
        } else if (problem.startsWith("expected <block end>")) {
            hint = "this line is not indented as the keys " + (context.contains("collection") ? "and items " : "")
                    + "of the block it is in" + (start == null ? "" : " (which starts at line " + (start.getLine() + 1)
                    + ", column " + (start.getColumn() + 1) + ")") + ": line it up with them, or indent it under a key";
        } else if (problem.startsWith("mapping values are not allowed")) {
            hint = "a ':' where no key can start: indent this line as the keys above it, or quote a value that holds ': '";
        } else if (context.contains("quoted scalar")) {
            hint = "the quote opened" + where(start) + " is not closed";
        } else if (context.contains("flow sequence")) {
            hint = "the list opened" + where(start) + " needs a ',' between items and a closing ']'";
        } else if (context.contains("flow mapping")) {
            hint = "the mapping opened" + where(start) + " needs a ',' between entries and a closing '}'";
        } else {
            hint = problem.isEmpty() ? firstLine(e.getOriginalMessage()) : problem;
        }
        Mark at = marked.getProblemMark();
        return new ConfigException("", source + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1)
                + ": not valid YAML: " + visible(hint));
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static ConfigException json(JsonProcessingException e, String text, String source) {
        String message = firstLine(e.getOriginalMessage());
        JsonLocation location = e.getLocation();
        int offset = location == null ? -1 : (int) Math.min(location.getCharOffset(), text.length());
        char found = offset >= 0 && offset < text.length() ? text.charAt(offset) : 0;
        int before = offset - 1;
        while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
            before--;
        }
        if ((found == ']' || found == '}') && before >= 0 && text.charAt(before) == ',') {
            return at(source, lineColumn(text, before), "JSON", "a comma after the last item before '" + found
                    + "': JSON allows none there; remove it");
        }
        String hint;
        if (message.contains("expecting double-quote to start field name")) {
            hint = found == '\'' ? "JSON keys and strings take double quotes (\"), not single ones"
                    : "a key must be in double quotes, e.g. \"name\"";
        } else if (message.contains("was expecting comma to separate")) {
            hint = "a ',' is missing before this entry";
        } else if (message.startsWith("Unrecognized token")) {
            hint = message.substring(0, message.indexOf(':') < 0 ? message.length() : message.indexOf(':'))
                    + ": text takes double quotes, and true, false and null are written in lower case";
        } else if (message.startsWith("Unexpected end-of-input")) {
            hint = "the file ends inside a string, list or mapping: close every \", [ and {";
        } else if (found == '\'') {
            hint = "JSON strings take double quotes (\"), not single ones";
        } else {
            hint = plain(e).replaceAll(" \\(code \\d+\\)", "");
        }
        return at(source, location == null ? null : location.getLineNr() + ":" + location.getColumnNr(), "JSON", hint);
    }

    /** "line:column" (1-based) of a character of the text. */
    private static String lineColumn(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return line + ":" + column;
    }

    private static ConfigException at(String source, JsonLocation location, String format, String hint) {
        return at(source, location == null ? null : location.getLineNr() + ":" + location.getColumnNr(), format, hint);
    }

    private static ConfigException at(String source, String lineColumn, String format, String hint) {
        return new ConfigException("", source + (lineColumn == null ? "" : ":" + lineColumn) + ": not valid " + format
                + ": " + visible(hint));
    }

    /**
     * The parsers quote the character they stumbled on as it is: a line break or other control character there
     * would split the one-line message, so it is written as an escape, as Java writes it in a string.
     */
    private static String visible(String hint) {
        StringBuilder out = new StringBuilder(hint.length());
        for (char c : hint.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /** The parser's first line, with what to do about a repeated key. */
    private static String plain(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        return message.startsWith("Duplicate field") ? message + ": a key may appear once in a mapping" : message;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
