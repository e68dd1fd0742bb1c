package dev.tailor.decisions;

import java.util.List;
import java.util.Map;

/**
 * What the render-time endpoint answers for one customer.
 *
 * @param degraded true when Tailor could not read the customer's facts in time and answered the default decision
 */
public record Decision(String customerId, List<SegmentMembership> segments, Map<String, Object> variables,
        RuleSetRef ruleSet, boolean degraded) {

    /** A segment the customer is in; kind is marketing, transactional or suppression. */
    public record SegmentMembership(String name, String kind) {}

    /** The rule set revision that made the decision. */
    public record RuleSetRef(String name, long revision, String sha256) {}
}
