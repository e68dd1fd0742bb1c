package dev.tailor.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tailor.facts.TraitFallback;
import dev.tailor.rules.Evaluation.Admission;
import dev.tailor.rules.Evaluation.Removal;
import java.util.List;
import java.util.Map;

/**
 * What the render-time endpoint answers for one customer.
 *
 * @param degraded true when Tailor could not read the customer's facts in time and answered the default decision
 * @param explanation why, when asked for with {@code ?explain=true}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
        String customerId,
        List<SegmentMembership> segments,
        Map<String, Object> variables,
        RuleSetRef ruleSet,
        boolean degraded,
        Explanation explanation) {

    /** A segment the customer is in; kind is marketing, transactional or suppression. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SegmentMembership(String name, String kind, String group, Integer priority) {}

    /** The rule set revision that made the decision. */
    public record RuleSetRef(String name, long revision, String sha256) {}

    /**
     * Which rules put each segment in, what took each removed segment out, which rule set each variable, and which
     * traits were missing or invalid so that a rule got its default instead.
     */
    public record Explanation(
            List<Admission> segments,
            List<Removal> removed,
            Map<String, String> variables,
            List<TraitFallback> fallbacks) {}
}
