package dev.tailor.decisions;

import java.time.Instant;
import java.util.List;

/**
 * A customer's segments changed, announced once per change (CDI event).
 *
 * @param cause {@link Cause#EVENT} when an event arrived, {@link Cause#TIME} when time alone moved the decision
 * @param at the moment the decision was made for
 */
public record SegmentsChanged(String customerId, String ruleSet, long revision, List<String> entered,
        List<String> exited, List<String> segments, Cause cause, Instant at) {

    public enum Cause { EVENT, TIME }
}
