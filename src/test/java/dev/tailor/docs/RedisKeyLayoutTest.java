package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register of Redis keys (the table under "## Every key" in ADR 0012) against the code: every key name the main
 * code builds from a literal, {@code "tailor:..."} (or what follows the root, {@code RedisKeys.ROOT + "..."}) or a
 * key suffix such as {@code ":applied"}, has a row, and every row names a key the code still builds. Written by hand,
 * checked here, so that the register cannot drift.
 *
 * <p>A row's key is a pattern: fixed text and placeholders in angle brackets, {@code tailor:c:{<customer>}:ids}. A
 * literal matches a row when the row starts with it and goes on with a placeholder or ends ({@code "tailor:c:{"}, or
 * {@code "tailor:c:{*}"} as a SCAN pattern, cut at its first glob character). A row is built by the code when its
 * text before the first placeholder is a literal followed by suffixes, and its text after each placeholder, but for
 * the closing brace of a hash tag and a lone colon, is suffixes.
 */
class RedisKeyLayoutTest {

    static final Path REGISTER = Path.of("docs", "adr", "0012-redis-key-layout.md");
    static final List<Path> SOURCES = List.of(Path.of("src", "main", "java"), Path.of("src", "main", "resources"));

    private static final String TABLE_HEADING = "## Every key";
    private static final String PREFIX = "tailor:";
    /** A constant holding {@link #PREFIX}, after the deployment's namespace if any, that keys are appended to. */
    private static final String ROOT = "ROOT";
    /** A literal appended to a key's name: {@code ":applied"}, {@code ":render:"}. */
    private static final Pattern SUFFIX = Pattern.compile(":[a-z][a-z-]*:?");

    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");
    private static final Pattern FIRST_CELL = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

    /** A string literal of the code, and where it was found ({@code path:line}). */
    record Literal(String text, String where) {}

    private static List<Literal> literals;
    private static List<String> rows;

    @BeforeAll
    static void read() throws IOException {
        literals = literalsUnder(SOURCES);
        rows = rows(Files.readString(REGISTER));
    }

    @Test
    void everyKeyTheCodeBuildsHasARow() {
        assertThat(literals).as("literals found in %s", SOURCES).isNotEmpty();
        assertThat(undocumented(literals, rows))
                .as("keys the code builds that have no row in the table under \"%s\" in %s", TABLE_HEADING, REGISTER)
                .isEmpty();
    }

    @Test
    void everyRowNamesAKeyTheCodeBuilds() {
        assertThat(rows)
                .as("rows of the table under \"%s\" in %s", TABLE_HEADING, REGISTER)
                .hasSizeGreaterThan(10);
        assertThat(unbuilt(literals, rows))
                .as(
                        "rows of the table under \"%s\" in %s that no literal of %s builds",
                        TABLE_HEADING, REGISTER, SOURCES)
                .isEmpty();
    }

    @Test
    void theCheckNamesAMissingKeyAndWhereItWasFound(@TempDir Path root) throws IOException {
        Path java = root.resolve("java/Keys.java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, """
                class Keys {
                    // "tailor:commented:out" is no key, nor /* "tailor:either" */ this
                    static final String LOCK = "tailor:lock";
                    static String claims() { return LOCK + ":claims"; }
                    static String of(String id) { return "tailor:new:{" + id + "}" + ":extra"; }
                    static String quoted() { return "say \\"tailor:quoted\\""; }
                    static final String ROOT = "tailor:", SEPARATOR = ":tailor:";
                    static final String DUE = RedisKeys.ROOT + "due", AFTER = ROOT +
                            "after:{";
                }
                """);
        Path lua = root.resolve("resources/apply.lua");
        Files.createDirectories(lua.getParent());
        Files.writeString(lua, """
                -- KEYS[1] the customer's hash ('tailor:c:{id}'), no key here
                --[[ 'tailor:long:comment' ]]
                local facts = 'tailor:c:{' .. ARGV[1] .. '}'
                """);
        List<Literal> found = literalsUnder(List.of(root.resolve("java"), root.resolve("resources")));
        List<String> table = rows("""
                # 1. Keys

                ## Every key

                | key | owner |
                | --- | --- |
                | `tailor:lock` | a |
                | `tailor:lock:claims` | b |
                | `tailor:c:{<customer>}` | c |
                | `tailor:gone:{<customer>}` | d |
                | `tailor:c:{<customer>}:render:<rule set>` | e |
                | `tailor:due` | f |

                ## On a Redis Cluster

                | `tailor:elsewhere` | not in the register |
                """);

        assertThat(table)
                .containsExactly(
                        "tailor:lock",
                        "tailor:lock:claims",
                        "tailor:c:{<customer>}",
                        "tailor:gone:{<customer>}",
                        "tailor:c:{<customer>}:render:<rule set>",
                        "tailor:due");
        assertThat(undocumented(found, table))
                .containsExactly(
                        "`tailor:new:{` (found at " + java + ":5)",
                        "`:extra` (found at " + java + ":5)",
                        "`tailor:after:{` (found at " + java + ":9)");
        assertThat(unbuilt(found, table))
                .containsExactly(
                        "`tailor:gone:{<customer>}`: no literal of the code starts it",
                        "`tailor:c:{<customer>}:render:<rule set>`: `}:render:` is made of no suffix literal");
    }

    /** Literals that begin a key or are a key's suffix and match no row, each with where it was found. */
    static List<String> undocumented(List<Literal> literals, List<String> rows) {
        List<String> missing = new ArrayList<>();
        for (Literal literal : literals) {
            boolean documented;
            if (isRoot(literal.text())) {
                continue;
            } else if (literal.text().startsWith(PREFIX)) {
                String fixed = fixedPrefix(literal.text());
                documented = rows.stream().anyMatch(row -> startsKey(fixed, row));
            } else if (SUFFIX.matcher(literal.text()).matches()) {
                documented = rows.stream().anyMatch(row -> endsPart(literal.text(), row));
            } else {
                continue;
            }
            if (!documented) {
                missing.add("`" + fixedPrefix(literal.text()) + "` (found at " + literal.where() + ")");
            }
        }
        return missing.stream().distinct().toList();
    }

    /** Rows that no literal of the code builds, each with the part nothing builds. */
    static List<String> unbuilt(List<Literal> literals, List<String> rows) {
        List<String> prefixes = literals.stream()
                .map(Literal::text)
                .filter(text -> text.startsWith(PREFIX) && !isRoot(text))
                .map(RedisKeyLayoutTest::fixedPrefix)
                .distinct()
                .toList();
        List<String> suffixes = literals.stream()
                .map(Literal::text)
                .filter(text -> SUFFIX.matcher(text).matches())
                .distinct()
                .toList();
        List<String> unbuilt = new ArrayList<>();
        for (String row : rows) {
            String[] parts = PLACEHOLDER.split(row, -1);
            if (prefixes.stream()
                    .noneMatch(prefix ->
                            parts[0].startsWith(prefix) && madeOf(parts[0].substring(prefix.length()), suffixes))) {
                unbuilt.add("`" + row + "`: no literal of the code starts it");
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String rest = parts[i].startsWith("}") ? parts[i].substring(1) : parts[i];
                if (!rest.equals(":") && !madeOf(rest, suffixes)) {
                    unbuilt.add("`" + row + "`: `" + parts[i] + "` is made of no suffix literal");
                    break;
                }
            }
        }
        return unbuilt;
    }

    /** The root itself, and the separator between a namespace and it, begin every key but are none. */
    private static boolean isRoot(String literal) {
        return literal.equals(PREFIX) || literal.equals(":" + PREFIX);
    }

    /** Whether a row's key starts with {@code fixed}, followed by a placeholder or nothing. */
    private static boolean startsKey(String fixed, String row) {
        return row.startsWith(fixed) && (row.length() == fixed.length() || row.charAt(fixed.length()) == '<');
    }

    /** Whether a row's key holds {@code suffix}, followed by a placeholder or nothing. */
    private static boolean endsPart(String suffix, String row) {
        for (int at = row.indexOf(suffix); at >= 0; at = row.indexOf(suffix, at + 1)) {
            int end = at + suffix.length();
            if (end == row.length() || row.charAt(end) == '<') {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} is a run of the suffixes (nothing counts). */
    private static boolean madeOf(String text, List<String> suffixes) {
        if (text.isEmpty()) {
            return true;
        }
        return suffixes.stream()
                .anyMatch(suffix -> text.startsWith(suffix) && madeOf(text.substring(suffix.length()), suffixes));
    }

    /** A literal up to its first glob character: a SCAN pattern names the keys its fixed part begins. */
    private static String fixedPrefix(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            if ("*?[".indexOf(literal.charAt(i)) >= 0) {
                return literal.substring(0, i);
            }
        }
        return literal;
    }

    /** The keys of the register: the first cell of each row of the table under its heading. */
    static List<String> rows(String markdown) {
        List<String> keys = new ArrayList<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inTable = line.strip().equals(TABLE_HEADING);
                continue;
            }
            Matcher cell = FIRST_CELL.matcher(line);
            if (inTable && cell.find()) {
                keys.add(cell.group(1));
            }
        }
        return keys;
    }

    /** The string literals of the Java and Lua files and of the properties' values under {@code roots}. */
    static List<Literal> literalsUnder(List<Path> roots) throws IOException {
        List<Literal> found = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).sorted().forEach(file -> {
                    String name = file.getFileName().toString();
                    try {
                        String text = Files.readString(file);
                        if (name.endsWith(".java")) {
                            found.addAll(new Lexer(file, text, "//", "/*", "*/").literals());
                        } else if (name.endsWith(".lua")) {
                            found.addAll(new Lexer(file, text, "--", "--[[", "]]").literals());
                        } else if (name.endsWith(".properties")) {
                            found.addAll(propertyValues(file, text));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return found;
    }

    /** Words of properties' values that begin a key (a property has no quotes to go by). */
    private static List<Literal> propertyValues(Path file, String text) {
        List<Literal> found = new ArrayList<>();
        String[] lines = text.split("\n");
        Pattern word = Pattern.compile("(?<![\\w.:])" + Pattern.quote(PREFIX) + "[^\\s,;\"']*");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("#") && !line.startsWith("!")) {
                Matcher key = word.matcher(line);
                while (key.find()) {
                    found.add(new Literal(key.group(), file + ":" + (i + 1)));
                }
            }
        }
        return found;
    }

    /**
     * The string literals of a Java or Lua file, comments left out: enough of each language to tell a quote in code
     * from one in a comment (Lua's long brackets without levels, Java's text blocks read as one literal). A literal
     * appended to the root ({@code RedisKeys.ROOT + "c:{"}) is read with the root in front ({@code "tailor:c:{"}).
     */
    private static final class Lexer {
        private final Path file;
        private final String text;
        private final String lineComment;
        private final String blockOpen;
        private final String blockClose;
        private final List<Literal> found = new ArrayList<>();
        private int at;
        private int line = 1;

        Lexer(Path file, String text, String lineComment, String blockOpen, String blockClose) {
            this.file = file;
            this.text = text;
            this.lineComment = lineComment;
            this.blockOpen = blockOpen;
            this.blockClose = blockClose;
        }

        List<Literal> literals() {
            while (at < text.length()) {
                if (text.startsWith(blockOpen, at)) {
                    skipPast(blockClose);
                } else if (text.startsWith(lineComment, at)) {
                    skipPast("\n");
                } else if (text.startsWith("\"\"\"", at)) {
                    int from = line;
                    int start = at + 3;
                    skipPast("\"\"\"");
                    found.add(new Literal(text.substring(start, Math.max(start, at - 3)), file + ":" + from));
                } else if (text.charAt(at) == '"' || text.charAt(at) == '\'') {
                    quoted(text.charAt(at));
                } else {
                    advance();
                }
            }
            return found;
        }

        private void quoted(char quote) {
            boolean afterRoot = appendedToRoot();
            int from = line;
            StringBuilder literal = new StringBuilder();
            at++;
            while (at < text.length() && text.charAt(at) != quote && text.charAt(at) != '\n') {
                if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                    at++;
                }
                literal.append(text.charAt(at));
                at++;
            }
            at++;
            found.add(new Literal((afterRoot ? PREFIX : "") + literal, file + ":" + from));
        }

        /** Whether the code before {@code at} is {@code ROOT +} (or {@code SomeClass.ROOT +}). */
        private boolean appendedToRoot() {
            int before = at - 1;
            while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
                before--;
            }
            if (before < 0 || text.charAt(before) != '+') {
                return false;
            }
            before--;
            while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
                before--;
            }
            int end = before + 1;
            while (before >= 0 && (Character.isJavaIdentifierPart(text.charAt(before)) || text.charAt(before) == '.')) {
                before--;
            }
            String name = text.substring(before + 1, end);
            return name.equals(ROOT) || name.endsWith("." + ROOT);
        }

        private void skipPast(String end) {
            int found = text.indexOf(end, at + 1);
            int to = found < 0 ? text.length() : found + end.length();
            while (at < to) {
                advance();
            }
        }

        private void advance() {
            if (text.charAt(at) == '\n') {
                line++;
            }
            at++;
        }
    }
}
