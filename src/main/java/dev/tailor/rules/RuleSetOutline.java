package dev.tailor.rules;

import dev.tailor.rules.sandbox.DrlText;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segments and variables a rule set can produce: segments read from its rule texts (decision tables included,
 * as generated DRL), variables as its facts.yaml declares them (every decision holds each). What a revision lists
 * and a diff between revisions reports as added or removed.
 *
 * @param variables the declared variables' names, in declaration order
 * @param declared the declared variables with their types and defaults
 */
public record RuleSetOutline(List<String> segments, List<String> variables, List<DeclaredVariables.View> declared) {

    private static final Pattern SEGMENT =
            Pattern.compile("Segment\\s*\\.\\s*(?:marketing|transactional|suppression)\\s*\\(\\s*\"([^\"]+)\"");

    public static RuleSetOutline of(RuleSetSource source) {
        Set<String> segments = new TreeSet<>();
        source.drlTexts().values().forEach(drl -> collect(SEGMENT.matcher(DrlText.withoutComments(drl)), segments));
        DeclaredVariables variables = declared(source);
        return new RuleSetOutline(List.copyOf(segments), variables.names(), variables.views());
    }

    /** The declared variables; none when facts.yaml is missing or cannot be read (such a revision never compiled). */
    private static DeclaredVariables declared(RuleSetSource source) {
        byte[] yaml = source.files().get(RuleSetSource.FACTS_FILE);
        try {
            return yaml == null ? DeclaredVariables.NONE : DeclaredVariables.parse(yaml);
        } catch (DeclaredVariables.InvalidDeclarationException e) {
            return DeclaredVariables.NONE;
        }
    }

    private static void collect(Matcher matcher, Set<String> names) {
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }
}
