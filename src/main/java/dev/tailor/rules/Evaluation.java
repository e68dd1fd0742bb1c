package dev.tailor.rules;

import dev.tailor.facts.TraitFallback;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule set concluded for one customer, and why.
 *
 * @param segments the segments left standing, by name
 * @param variables personalization variables by name
 * @param admitted for every standing segment, the rules that put it in
 * @param removed every segment a rule put in and something took out again
 * @param variableRules for every variable, the rule that set it
 * @param nextChange the earliest moment this outcome may change with no new event
 * @param fallbacks the traits rules asked for with a default and got the default instead (missing or invalid)
 */
public record Evaluation(
        List<Segment> segments,
        Map<String, Object> variables,
        List<Admission> admitted,
        List<Removal> removed,
        Map<String, String> variableRules,
        Optional<java.time.Instant> nextChange,
        List<TraitFallback> fallbacks) {

    /** The rules that put a segment in. */
    public record Admission(String segment, List<String> rules) {}

    /**
     * A segment taken out.
     *
     * @param by {@code rule} (an exclusion rule deleted it), {@code group} (it lost its group to a higher
     *     priority) or {@code suppression} (a suppression removed every marketing segment)
     * @param name the excluding rule, the group, or the suppression segment
     * @param winner for a group, the segment that won it
     */
    public record Removal(String segment, List<String> rules, String by, String name, String winner) {}

    public List<String> segmentNames() {
        return segments.stream().map(Segment::getName).toList();
    }
}
