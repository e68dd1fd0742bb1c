package dev.tailor.rules;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.UndeclaredFactException;
import dev.tailor.rules.sandbox.DrlText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before compiling, that every fact a rule asks for is declared in the rule set's facts.yaml, so that a
 * typo in an event name fails validation instead of silently never matching. Calls whose arguments are not
 * literals are left to the run-time check in {@link dev.tailor.facts.Customer}.
 */
final class FactUsageValidator {

    private static final Pattern CALL = Pattern.compile(
            "\\b(count|countEver|sum|average|top|did|lastSeen|firstSeen|hoursSince|daysSince|daysSinceFirst|firstWithin)\\s*\\(");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern WINDOW = Pattern.compile("(?:Window\\s*\\.\\s*)?(days|hours)\\s*\\(\\s*(\\d+)\\s*\\)");

    private FactUsageValidator() {}

    /** Problems in one rule file's text, located by line and column. */
    static List<RuleMessage> check(String file, String drl, FactSchema schema) {
        String code = DrlText.withoutComments(drl);
        List<RuleMessage> problems = new ArrayList<>();
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            List<String> args = arguments(code, call.end());
            if (args.isEmpty() || !isString(args.get(0))) {
                continue; // accumulate's count(...)/sum(...) or a computed event name: checked at run time
            }
            try {
                checkCall(schema, call.group(1), args);
            } catch (UndeclaredFactException e) {
                problems.add(locate(file, code, call.start(), e.getMessage()));
            }
        }
        return problems;
    }

    private static void checkCall(FactSchema schema, String method, List<String> args) {
        String event = literal(args.get(0));
        String described = method + "(" + String.join(", ", args) + ")";
        Supplier<String> text = () -> described;
        Duration window = args.size() > 1 ? window(args.get(args.size() - 1)) : null;
        switch (method) {
            case "countEver",
                    "lastSeen",
                    "firstSeen",
                    "hoursSince",
                    "daysSince",
                    "daysSinceFirst",
                    "did",
                    "firstWithin" -> schema.requireEvent(text, event);
            case "count" -> {
                if (args.size() == 4 && isString(args.get(1)) && window != null) {
                    schema.requireGroup(text, event, literal(args.get(1)), window);
                } else if (args.size() == 2 && window != null) {
                    schema.requireWindow(text, event, window);
                } else {
                    schema.requireEvent(text, event);
                }
            }
            case "sum", "average" -> {
                if (args.size() >= 3 && isString(args.get(1)) && window != null) {
                    schema.requireSum(text, event, literal(args.get(1)), window);
                    if (args.size() == 5 && isString(args.get(2))) {
                        schema.requireGroup(text, event, literal(args.get(2)), window);
                    }
                } else {
                    schema.requireEvent(text, event);
                }
            }
            case "top" -> {
                Duration topWindow = args.size() >= 3 ? window(args.get(2)) : null;
                if (isString(args.get(1)) && topWindow != null) {
                    schema.requireGroup(text, event, literal(args.get(1)), topWindow);
                } else {
                    schema.requireEvent(text, event);
                }
            }
            default -> {}
        }
    }

    /** The top-level, comma-separated arguments of a call whose "(" ends just before {@code from}. */
    private static List<String> arguments(String code, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = new StringBuilder();
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quoted) {
                current.append(c);
                if (c == '\\' && i + 1 < code.length()) {
                    current.append(code.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    current.append(c);
                }
                case '(' -> {
                    depth++;
                    current.append(c);
                }
                case ')' -> {
                    if (depth == 0) {
                        if (!current.toString().isBlank()) {
                            args.add(current.toString().strip());
                        }
                        return args;
                    }
                    depth--;
                    current.append(c);
                }
                case ',' -> {
                    if (depth == 0) {
                        args.add(current.toString().strip());
                        current.setLength(0);
                    } else {
                        current.append(c);
                    }
                }
                default -> current.append(c);
            }
        }
        return List.of();
    }

    private static boolean isString(String arg) {
        return STRING.matcher(arg).matches();
    }

    private static String literal(String arg) {
        Matcher matcher = STRING.matcher(arg);
        return matcher.matches() ? matcher.group(1).replace("\\\"", "\"") : arg;
    }

    private static Duration window(String arg) {
        Matcher matcher = WINDOW.matcher(arg);
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(2));
        return matcher.group(1).equals("days") ? Duration.ofDays(amount) : Duration.ofHours(amount);
    }

    private static RuleMessage locate(String file, String code, int offset, String text) {
        int[] position = DrlText.lineAndColumn(code, offset);
        return new RuleMessage(file, position[0], position[1], text);
    }

    /**
     * Problems in every rule file; those of a decision table at lines of the DRL generated from it, which
     * {@link CompilerMessages} moves to the table's cells.
     */
    static List<RuleMessage> checkAll(Map<String, String> drlTexts, FactSchema schema) {
        List<RuleMessage> problems = new ArrayList<>();
        drlTexts.forEach((file, drl) -> problems.addAll(check(file, drl, schema)));
        return problems;
    }
}
