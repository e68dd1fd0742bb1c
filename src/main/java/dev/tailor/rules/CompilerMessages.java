package dev.tailor.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Drools' compiler messages into ones an analyst can act on: the parser's position read from its text (its
 * own column field is always 0) and made 1-based, the parser's internal codes and its follow-on "null Package"
 * left out, an unknown fact type explained in Tailor's terms, one message per root cause, sorted by file and
 * position.
 */
public final class CompilerMessages {

    /** The parser's own prefix: {@code [ERR 102] Line 19:0 mismatched input ...} (column 0-based). */
    private static final Pattern PARSER_POSITION = Pattern.compile("^\\[ERR \\d+\\] Line (\\d+):(\\d+) (.*)$",
            Pattern.DOTALL);
    /** The classic engine's and the executable model's words for a pattern over a type that does not exist. */
    private static final Pattern UNKNOWN_TYPE = Pattern.compile(
            "(?:Unable to resolve ObjectType '([^']+)'|Unable to find class: ([\\w.$]+)).*", Pattern.DOTALL);
    private static final String FACT_TYPES = "Tailor rules reason over Customer, Segment and Variable";
    private static final String NULL_PACKAGE = "Parser returned a null Package";

    /** Files first, then line and column, as editors and CI logs list them. */
    public static final Comparator<RuleMessage> ORDER = Comparator.comparing(RuleMessage::file)
            .thenComparingInt(RuleMessage::line).thenComparingInt(RuleMessage::column)
            .thenComparing(RuleMessage::text);

    private CompilerMessages() {}

    public static List<RuleMessage> forAnalysts(List<RuleMessage> messages) {
        Map<String, RuleMessage> byCause = new LinkedHashMap<>();
        List<RuleMessage> translated = messages.stream().map(CompilerMessages::translate).sorted(ORDER).toList();
        for (RuleMessage message : translated) {
            if (message.text().equals(NULL_PACKAGE)
                    && translated.stream().anyMatch(m -> m.file().equals(message.file()) && m != message)) {
                continue; // the parser's failure, already reported at its position
            }
            // The first (earliest) place of a cause stands for it: an unknown type used by 17 rules is one mistake.
            byCause.putIfAbsent(message.file() + '\0' + cause(message), message);
        }
        return new ArrayList<>(byCause.values());
    }

    private static String cause(RuleMessage message) {
        return message.text().startsWith(FACT_TYPES) ? message.text()
                : message.line() + ":" + message.column() + ":" + message.text();
    }

    static RuleMessage translate(RuleMessage message) {
        String text = message.text().strip();
        int line = message.line();
        int column = message.column();
        Matcher position = PARSER_POSITION.matcher(text);
        if (position.matches()) {
            line = Integer.parseInt(position.group(1));
            column = Integer.parseInt(position.group(2)) + 1;
            text = position.group(3).strip();
        }
        Matcher unknownType = UNKNOWN_TYPE.matcher(text);
        if (unknownType.matches()) {
            text = FACT_TYPES + "; '" + (unknownType.group(1) != null ? unknownType.group(1) : unknownType.group(2))
                    + "' is not one of them";
        }
        return new RuleMessage(message.file(), line, column, text);
    }
}
