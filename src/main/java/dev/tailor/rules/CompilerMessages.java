package dev.tailor.rules;

import dev.tailor.rules.sandbox.DrlText;
import dev.tailor.rules.sandbox.TableCells;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Drools' compiler messages into ones an analyst can act on: the parser's position read from its text (its
 * own column field is always 0) and made 1-based, the parser's internal codes and its follow-on "null Package"
 * left out, messages without a position placed at the offending name, MVEL's and the executable model's words
 * translated, an unknown fact type explained in Tailor's terms, a decision table's messages at the cell the
 * offending text comes from (never at a line of the DRL Drools generates), one message per root cause, sorted by
 * file and position.
 */
public final class CompilerMessages {

    /** A message with the text it is about, when known, for placing it in a decision table's cells. */
    record Located(RuleMessage message, String token) {}

    /** The parser's own prefix: {@code [ERR 102] Line 19:0 mismatched input ...} (column 0-based). */
    private static final Pattern PARSER_POSITION =
            Pattern.compile("^\\[ERR \\d+\\] Line (\\d+):(\\d+) (.*)$", Pattern.DOTALL);

    private static final Pattern MISMATCHED = Pattern.compile("mismatched input '.*' in rule \"(.*)\"");
    /** The classic engine's and the executable model's words for a pattern over a type that does not exist. */
    private static final Pattern UNKNOWN_TYPE = Pattern.compile(
            "(?:Unable to resolve ObjectType '([^']+)'|Unable to find class: ([\\w.$]+)).*", Pattern.DOTALL);

    private static final Pattern MISSING_METHOD =
            Pattern.compile("Method (\\w+) on class ([\\w.$]+) with arguments \\[(.*)\\] is missing.*", Pattern.DOTALL);
    private static final Pattern UNREADABLE =
            Pattern.compile("Unable to Analyse Expression (.*?):?\\s*", Pattern.DOTALL);
    private static final Pattern DUPLICATE_RULE = Pattern.compile("Duplicate rule name: (.*)");
    private static final Pattern RESERVED_PACKAGE = Pattern.compile("package (\\S+) is reserved.*");
    /** A fact-API call as the declared-facts check describes it: {@code count("Event", ...): ...}. */
    private static final Pattern FACT_CALL = Pattern.compile("^\\w+\\(\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Pattern BARE_NAME = Pattern.compile("(?<![\\w$.\"])([a-z_]\\w*)(?![\\w$]|\\s*\\()");
    private static final Pattern RULE_IN_TEXT = Pattern.compile("(?:rule \"[^\"]*\" | in rule \"[^\"]*\")");
    private static final List<String> KEYWORDS = List.of(
            "true",
            "false",
            "null",
            "this",
            "new",
            "instanceof",
            "matches",
            "contains",
            "memberOf",
            "soundslike",
            "not",
            "in");
    private static final String FACT_TYPES = "Tailor rules reason over Customer, Segment and Variable";
    private static final Map<String, String> TAILOR_TYPES = Map.of(
            "Customer",
            "dev.tailor.facts.Customer",
            "Segment",
            "dev.tailor.rules.Segment",
            "Variable",
            "dev.tailor.rules.Variable");
    private static final String NULL_PACKAGE = "Parser returned a null Package";

    /** Files first, then line and column, as editors and CI logs list them. */
    public static final Comparator<RuleMessage> ORDER = Comparator.comparing(RuleMessage::file)
            .thenComparingInt(RuleMessage::line)
            .thenComparingInt(RuleMessage::column)
            .thenComparing(RuleMessage::text);

    private CompilerMessages() {}

    /** Messages without their rule files at hand: translated, one per cause, sorted. */
    public static List<RuleMessage> forAnalysts(List<RuleMessage> messages) {
        return forAnalysts(messages, Map.of(), Map.of());
    }

    /**
     * Messages about the rule files in {@code drl} (by path; decision tables as the DRL Drools generates from them,
     * with their cells in {@code tables}): placed, translated, one per cause, sorted.
     */
    public static List<RuleMessage> forAnalysts(
            List<RuleMessage> messages, Map<String, String> drl, Map<String, TableCells> tables) {
        GeneratedJava generated = GeneratedJava.of(messages);
        List<RuleMessage> placed = new ArrayList<>();
        for (RuleMessage message : messages) {
            if (GeneratedJava.isSourceListing(message)) {
                continue; // the generated code, quoted for the messages that follow
            }
            Optional<Located> located =
                    generated.covers(message) ? generated.place(message, drl) : Optional.of(translate(message, drl));
            located.map(l -> inTable(l, drl, tables)).ifPresent(placed::add);
        }
        List<RuleMessage> sorted = placed.stream().sorted(ORDER).toList();
        Map<String, RuleMessage> byCause = new LinkedHashMap<>();
        for (RuleMessage message : sorted) {
            if (message.text().equals(NULL_PACKAGE)
                    && sorted.stream().anyMatch(m -> m.file().equals(message.file()) && m != message)) {
                continue; // the parser's failure, already reported at its position
            }
            // The first (earliest) place of a cause stands for it: an unknown type used by 17 rules is one mistake.
            byCause.putIfAbsent(message.file() + '\0' + cause(message), message);
        }
        return new ArrayList<>(byCause.values());
    }

    private static String cause(RuleMessage message) {
        return message.text().startsWith(FACT_TYPES)
                ? message.text()
                : message.line() + ":" + message.column() + ":" + message.text();
    }

    /** A message as the analyst reads it, with the name it is about when known; no table cells yet. */
    static RuleMessage translate(RuleMessage message) {
        return translate(message, Map.of()).message();
    }

    private static Located translate(RuleMessage message, Map<String, String> drl) {
        String text = message.text().strip();
        int line = message.line();
        int column = message.column();
        String token = null;
        String source = drl.getOrDefault(message.file(), "");
        String code = DrlText.codeOnly(source);
        int at = -1;
        Matcher position = PARSER_POSITION.matcher(text);
        if (position.matches()) {
            line = Integer.parseInt(position.group(1));
            column = Integer.parseInt(position.group(2)) + 1;
            text = position.group(3).strip();
            Optional<Located> unended = unended(message.file(), text, line, source, code);
            if (unended.isPresent()) {
                return unended.get();
            }
        }
        Matcher unknownType = UNKNOWN_TYPE.matcher(text);
        Matcher missingMethod = MISSING_METHOD.matcher(text);
        Matcher unreadable = UNREADABLE.matcher(text);
        Matcher duplicate = DUPLICATE_RULE.matcher(text);
        Matcher factCall = FACT_CALL.matcher(text);
        if (unknownType.matches()) {
            String type = unknownType.group(1) != null ? unknownType.group(1) : unknownType.group(2);
            type = type.substring(type.lastIndexOf('.') + 1);
            text = TAILOR_TYPES.containsKey(type)
                    ? "'" + type + "' is not imported: Tailor's " + type + " is " + TAILOR_TYPES.get(type)
                    : FACT_TYPES + "; '" + type + "' is not one of them";
            token = type;
            at = DrlText.find(code, "(?<![\\w$.])" + Pattern.quote(type) + "\\s*\\(", 0, code.length());
        } else if (missingMethod.matches()) {
            String owner =
                    missingMethod.group(2).substring(missingMethod.group(2).lastIndexOf('.') + 1);
            text = owner + " has no method " + missingMethod.group(1) + "(" + simpleTypes(missingMethod.group(3)) + ")";
            token = missingMethod.group(1);
            at = DrlText.find(code, "(?<![\\w$])" + Pattern.quote(token) + "\\s*\\(", 0, code.length());
        } else if (unreadable.matches()) {
            String expression = unreadable.group(1).replace("_this.", "").strip();
            Optional<String> unknown = unknownName(expression);
            text = unknown.map(name -> "'" + name + "' is not a number, a text in quotes or a name this rule binds,"
                            + " in: " + expression)
                    .orElse("this condition cannot be read: " + expression);
            token = unknown.orElse(expression);
            int whole = source.indexOf(expression);
            at = unknown.isPresent()
                    ? (whole >= 0
                            ? DrlText.findWord(code, unknown.get(), whole, code.length())
                            : DrlText.findWord(code, unknown.get(), 0, code.length()))
                    : whole;
        } else if (duplicate.matches()) {
            text = "another rule of this package is already named \"" + duplicate.group(1)
                    + "\"; rule names are ids and must be unique";
            token = '"' + duplicate.group(1) + '"';
            at = line > 0 ? source.indexOf(token, DrlText.lineStart(source, line)) : -1;
        } else if (RESERVED_PACKAGE.matcher(text).matches()) {
            Matcher reserved = RESERVED_PACKAGE.matcher(text);
            token = reserved.matches() ? reserved.group(1) : null; // in a table: the RuleSet cell
        } else if (factCall.find()) {
            token = factCall.group(1); // the event: in a table, the value that names it may be a row's
        }
        if (line <= 0 && at >= 0) {
            int[] found = DrlText.lineAndColumn(source, at);
            line = found[0];
            column = found[1];
        } else if (line > 0 && at >= 0 && DrlText.lineAndColumn(source, at)[0] == line) {
            column = DrlText.lineAndColumn(source, at)[1];
        }
        if (line > 0 && column <= 0) {
            int first = DrlText.find(source, "\\S", DrlText.lineStart(source, line), source.length());
            column = first < 0 ? 1 : DrlText.lineAndColumn(source, first)[1];
        }
        return new Located(new RuleMessage(message.file(), Math.max(line, 0), line > 0 ? column : 0, text), token);
    }

    /**
     * A rule without its "end": the parser reads the next rule as part of its consequence and stumbles later on;
     * the cause is where the next rule starts.
     */
    private static Optional<Located> unended(String file, String text, int line, String source, String code) {
        Matcher mismatched = MISMATCHED.matcher(text);
        if (!mismatched.matches() || source.isEmpty()) {
            return Optional.empty();
        }
        Matcher rule = Pattern.compile("(?m)^\\s*rule\\s+\"" + Pattern.quote(mismatched.group(1)) + "\"")
                .matcher(source);
        if (!rule.find()) {
            return Optional.empty();
        }
        int then = DrlText.find(code, "\\bthen\\b", rule.end(), code.length());
        int stop = DrlText.lineStart(code, line);
        int next = then < 0 || then > stop ? -1 : DrlText.find(code, "(?m)^[ \\t]*rule\\b", then, stop);
        if (next < 0) {
            return Optional.empty();
        }
        int keyword = code.indexOf("rule", next);
        int[] position = DrlText.lineAndColumn(source, keyword);
        return Optional.of(new Located(
                new RuleMessage(
                        file,
                        position[0],
                        position[1],
                        "rule \"" + mismatched.group(1) + "\" has no \"end\" before the next rule starts here"),
                "rule"));
    }

    /** The first name in a condition that is neither a call, a field of something, a type nor a keyword. */
    private static Optional<String> unknownName(String expression) {
        Matcher name = BARE_NAME.matcher(DrlText.codeOnly(expression));
        while (name.find()) {
            if (!KEYWORDS.contains(name.group(1))) {
                return Optional.of(name.group(1));
            }
        }
        return Optional.empty();
    }

    private static String simpleTypes(String types) {
        return types.isBlank()
                ? ""
                : String.join(
                        ", ",
                        java.util.Arrays.stream(types.split(","))
                                .map(String::strip)
                                .map(t -> t.substring(t.lastIndexOf('.') + 1))
                                .toList());
    }

    /** A message about a decision table's generated DRL, moved to the cell it comes from. */
    private static RuleMessage inTable(Located located, Map<String, String> drl, Map<String, TableCells> tables) {
        RuleMessage message = located.message();
        TableCells cells = tables.get(message.file());
        if (cells == null
                || !RuleSetSource.isDecisionTable(message.file())
                || (message.line() <= 0 && located.token() == null)) {
            return message;
        }
        Optional<TableCells.Cell> found = message.line() > 0
                ? cells.locate(drl.getOrDefault(message.file(), ""), message.line(), message.column(), located.token())
                : cells.containing(located.token());
        return found.map(cell -> new RuleMessage(
                        message.file(),
                        cell.row(),
                        cell.column(),
                        cell.label() + ": "
                                + (cell.shared()
                                        ? RULE_IN_TEXT.matcher(message.text()).replaceAll("")
                                        : message.text())))
                .orElseGet(() -> new RuleMessage(message.file(), 0, 0, message.text()));
    }
}
