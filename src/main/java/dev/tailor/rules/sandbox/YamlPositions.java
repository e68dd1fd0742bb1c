package dev.tailor.rules.sandbox;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Positions in a rule set's YAML files (facts.yaml, scenarios), which Jackson's trees do not keep: the key at a
 * path such as {@code events.Product Viewed.window} or {@code [0].expect[0].segments}, and the place and words of
 * a syntax error.
 */
public final class YamlPositions {

    private static final YAMLFactory YAML = new YAMLFactory();
    /** Marks an open mapping among the array indices (a deque holds no nulls). */
    private static final int[] OBJECT = {};

    /** A syntax error: 1-based line and column, and the parser's description of the problem. */
    public record SyntaxError(int line, int column, String problem) {}

    private YamlPositions() {}

    /**
     * The 1-based line and column of the key at {@code path} (the deepest key of it that exists), or of the
     * document's start when none does.
     */
    public static int[] of(byte[] yaml, String path) {
        int[] best = {1, 1};
        int bestLength = -1;
        try (JsonParser parser = YAML.createParser(yaml)) {
            // Each open container's path, and for arrays the index of the next element.
            Deque<String> paths = new ArrayDeque<>();
            Deque<int[]> indices = new ArrayDeque<>();
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                String here = paths.isEmpty() ? "" : paths.peek();
                switch (token) {
                    case FIELD_NAME -> {
                        field = (here.isEmpty() ? "" : here + ".") + parser.currentName();
                        if ((path.equals(field) || path.startsWith(field + ".") || path.startsWith(field + "["))
                                && field.length() > bestLength) {
                            best = position(parser.currentTokenLocation());
                            bestLength = field.length();
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String opened = element(paths, indices, field);
                        paths.push(opened);
                        indices.push(token == JsonToken.START_ARRAY ? new int[] {0} : OBJECT);
                        field = null;
                        if (!opened.isEmpty()
                                && (path.equals(opened)
                                        || path.startsWith(opened + ".")
                                        || path.startsWith(opened + "["))
                                && opened.length() > bestLength) {
                            best = position(parser.currentTokenLocation());
                            bestLength = opened.length();
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        paths.pop();
                        indices.pop();
                        field = null;
                    }
                    default -> {
                        element(paths, indices, field);
                        field = null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A file that does not parse is reported by its syntax error.
        }
        return best;
    }

    /** The path of the value that starts now: the pending field, or the next element of the open array. */
    private static String element(Deque<String> paths, Deque<int[]> indices, String field) {
        if (field != null) {
            return field;
        }
        if (indices.isEmpty() || indices.peek() == OBJECT) {
            return paths.isEmpty() ? "" : paths.peek();
        }
        return paths.peek() + "[" + indices.peek()[0]++ + "]";
    }

    private static int[] position(JsonLocation location) {
        return new int[] {Math.max(location.getLineNr(), 1), Math.max(location.getColumnNr(), 1)};
    }

    /** The first syntax error in {@code yaml}, if any. */
    public static Optional<SyntaxError> syntaxError(byte[] yaml) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            while (parser.nextToken() != null) {
                // read to the end
            }
            return Optional.empty();
        } catch (JacksonException e) {
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return Optional.of(new SyntaxError(
                        marked.getProblemMark().getLine() + 1,
                        marked.getProblemMark().getColumn() + 1,
                        marked.getProblem()));
            }
            JsonLocation location = e.getLocation();
            return Optional.of(new SyntaxError(
                    location == null ? 0 : location.getLineNr(),
                    location == null ? 0 : location.getColumnNr(),
                    e.getOriginalMessage()));
        } catch (IOException e) {
            return Optional.of(new SyntaxError(0, 0, e.getMessage()));
        }
    }
}
