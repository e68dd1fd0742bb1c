package dev.tailor.rules;

import dev.tailor.rules.sandbox.DrlText;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segments and variables a rule set can produce, read from its rule texts (decision tables included, as
 * generated DRL): what a diff between revisions reports as added or removed.
 */
public record RuleSetOutline(List<String> segments, List<String> variables) {

    private static final Pattern SEGMENT = Pattern.compile(
            "Segment\\s*\\.\\s*(?:marketing|transactional|suppression)\\s*\\(\\s*\"([^\"]+)\"");
    private static final Pattern VARIABLE = Pattern.compile("new\\s+Variable\\s*\\(\\s*\"([^\"]+)\"");

    public static RuleSetOutline of(RuleSetSource source) {
        Set<String> segments = new TreeSet<>();
        Set<String> variables = new TreeSet<>();
        source.drlTexts().values().forEach(drl -> {
            String code = DrlText.withoutComments(drl);
            collect(SEGMENT.matcher(code), segments);
            collect(VARIABLE.matcher(code), variables);
        });
        return new RuleSetOutline(List.copyOf(segments), List.copyOf(variables));
    }

    private static void collect(Matcher matcher, Set<String> names) {
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }
}
