package dev.tailor.rules;

import dev.tailor.rules.sandbox.DrlText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places the Java compiler's messages about the code Drools' executable model generates back in the rule file
 * they come from: the rule is named in the generated method's comment, and within the rule the offending name
 * (or, for a statement, its text) is looked up in the condition or the consequence. Messages that speak only of
 * the generated code's own types follow from another one and are left out.
 */
final class GeneratedJava {

    private static final Pattern SOURCE = Pattern.compile("Java source of (\\S+) in error:\\s*\\n(.*)", Pattern.DOTALL);
    private static final Pattern RULE_NAME = Pattern.compile("\\* Rule name: (.+?)\\s*$");
    private static final Pattern UNDEFINED_METHOD =
            Pattern.compile("The method (\\w+)\\((.*)\\) is undefined for the type (\\w+)");
    private static final Pattern UNRESOLVED = Pattern.compile("(\\w+) cannot be resolved(?: to a (variable|type))?");
    private static final Pattern MISMATCH = Pattern.compile("Type mismatch: cannot convert from (\\S+) to (\\S+)");
    /** A string compared with a number comes out as a name with a number's suffix: "three" as threel. */
    private static final Pattern LITERAL_SUFFIX = Pattern.compile("(\\w+?)[lLdDfF]");

    private static final Pattern INTERNAL =
            Pattern.compile("PatternDSL|Predicate\\d|org\\.drools|_this|GENERATED_|ConsequenceBuilder|Drools\\b");

    private final Map<String, String> sources = new HashMap<>();

    private GeneratedJava() {}

    /** The generated sources that the compiler quoted in its messages, by path. */
    static GeneratedJava of(List<RuleMessage> messages) {
        GeneratedJava generated = new GeneratedJava();
        for (RuleMessage message : messages) {
            Matcher source = SOURCE.matcher(message.text());
            if (source.matches()) {
                generated.sources.put(message.file(), source.group(2));
            }
        }
        return generated;
    }

    static boolean isSourceListing(RuleMessage message) {
        return SOURCE.matcher(message.text()).matches();
    }

    boolean covers(RuleMessage message) {
        return message.file().endsWith(".java");
    }

    /** The message in rule-file terms; empty when it only follows from another (internal types). */
    Optional<CompilerMessages.Located> place(RuleMessage message, Map<String, String> drl) {
        String source = sources.getOrDefault(message.file(), "");
        String[] lines = source.split("\n", -1);
        String rule = null;
        boolean consequence = false;
        for (int i = Math.min(message.line(), lines.length) - 1; i >= 0 && rule == null; i--) {
            Matcher name = RULE_NAME.matcher(lines[i]);
            if (name.find()) {
                rule = name.group(1);
            } else if (lines[i].contains(".execute(")) {
                consequence = true;
            }
        }
        String generatedLine =
                message.line() >= 1 && message.line() <= lines.length ? lines[message.line() - 1].strip() : "";
        Optional<RuleText> found = rule == null ? Optional.empty() : RuleText.find(drl, rule);
        if (found.isEmpty()) {
            return INTERNAL.matcher(message.text()).find()
                    ? Optional.empty()
                    : Optional.of(
                            new CompilerMessages.Located(new RuleMessage(message.file(), 0, 0, message.text()), null));
        }
        RuleText where = found.get();
        int from = consequence ? where.then() : where.when();
        int to = consequence ? where.end() : where.then();
        String text = message.text();
        Matcher method = UNDEFINED_METHOD.matcher(text);
        Matcher unresolved = UNRESOLVED.matcher(text);
        Matcher mismatch = MISMATCH.matcher(text);
        if (method.matches()) {
            return where.at(
                    message,
                    method.group(3) + " has no method " + method.group(1) + "(" + method.group(2) + ")",
                    method.group(1),
                    from,
                    to);
        }
        if (unresolved.matches()) {
            String name = unresolved.group(1);
            Matcher literal = LITERAL_SUFFIX.matcher(name);
            if (where.findWord(name, from, to) < 0
                    && literal.matches()
                    && where.text().indexOf('"' + literal.group(1) + '"', from) >= 0) {
                String quoted = '"' + literal.group(1) + '"';
                int at = where.text().indexOf(quoted, from);
                return Optional.of(where.located(
                        message,
                        at,
                        "the text " + quoted + " cannot be compared with a number: write the number without quotes",
                        quoted));
            }
            return where.at(
                    message,
                    "'" + name + "' is not defined in rule \"" + rule + "\""
                            + ("type".equals(unresolved.group(2)) ? " (no such type)" : ""),
                    name,
                    from,
                    to);
        }
        if (mismatch.matches()) {
            String statement = generatedLine.replaceFirst("^drools\\.", "");
            int at = where.text().indexOf(statement, from);
            String friendly = article(simple(mismatch.group(1))) + " cannot be used where "
                    + article(simple(mismatch.group(2))) + " is needed";
            return Optional.of(
                    where.located(message, at >= 0 && at < to ? at : where.firstStatement(from, to), friendly, null));
        }
        if (INTERNAL.matcher(text).find()) {
            return Optional.empty();
        }
        return Optional.of(where.located(message, where.firstStatement(from, to), text, null));
    }

    private static String article(String type) {
        return ("AEIOUaeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** A rule's place in its file: offsets of its start, its "when", "then" and "end". */
    private record RuleText(String file, String text, String code, int start, int when, int then, int end) {

        static Optional<RuleText> find(Map<String, String> drl, String rule) {
            for (Map.Entry<String, String> entry : drl.entrySet()) {
                String code = DrlText.codeOnly(entry.getValue());
                // The rule's name is a string literal, blanked in code: find it in the text, check it in the code.
                Matcher name = Pattern.compile(
                                "(?m)^\\s*rule\\s+(\"" + Pattern.quote(rule) + "\"|" + Pattern.quote(rule) + "\\b)")
                        .matcher(entry.getValue());
                while (name.find()) {
                    if (!code.substring(name.start(), name.start(1)).contains("rule")) {
                        continue; // in a comment
                    }
                    int start = code.indexOf("rule", name.start());
                    int end = DrlText.find(code, "(?m)^\\s*end\\b", start, code.length());
                    end = end < 0 ? code.length() : end;
                    int then = DrlText.find(code, "\\bthen\\b", start, end);
                    int when = DrlText.find(code, "\\bwhen\\b", start, end);
                    return Optional.of(new RuleText(
                            entry.getKey(),
                            entry.getValue(),
                            code,
                            start,
                            when < 0 ? start : when + 4,
                            then < 0 ? end : then + 4,
                            end));
                }
            }
            return Optional.empty();
        }

        int findWord(String word, int from, int to) {
            return DrlText.findWord(code, word, from, to);
        }

        Optional<CompilerMessages.Located> at(RuleMessage message, String text, String word, int from, int to) {
            int at = findWord(word, from, to);
            return Optional.of(located(message, at >= 0 ? at : findWord(word, start, end), text, word));
        }

        /** The first statement's offset in the range: its first non-blank character. */
        int firstStatement(int from, int to) {
            return DrlText.find(code, "\\S", from, to);
        }

        CompilerMessages.Located located(RuleMessage message, int offset, String text, String token) {
            if (offset < 0) {
                int[] rule = DrlText.lineAndColumn(text(), start);
                return new CompilerMessages.Located(new RuleMessage(file, rule[0], 1, text), token);
            }
            int[] position = DrlText.lineAndColumn(text(), offset);
            return new CompilerMessages.Located(new RuleMessage(file, position[0], position[1], text), token);
        }
    }
}
