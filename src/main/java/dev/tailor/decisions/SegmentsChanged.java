package dev.tailor.decisions;

import dev.tailor.rules.CompiledRuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's segments changed, announced once per change: a CDI event, published to
 * {@code tailor.segment-changes.v1} and delivered to destinations by webhook.
 *
 * @param changeId the same for every delivery of this change: receivers deduplicate with it
 * @param cause {@link Cause#EVENT} when an event arrived, {@link Cause#TIME} when time alone moved the decision
 * @param at the moment the decision was made for
 */
public record SegmentsChanged(
        String changeId,
        String customerId,
        String ruleSet,
        long revision,
        List<String> entered,
        List<String> exited,
        List<String> segments,
        Cause cause,
        Instant at) {

    public enum Cause {
        EVENT,
        TIME
    }

    static SegmentsChanged of(
            String customerId,
            CompiledRuleSet ruleSet,
            long factsVersion,
            List<String> before,
            List<String> after,
            Cause cause,
            Instant at) {
        // One decision per customer, rule set, facts version and moment is recorded at most once.
        String identity = customerId + "\n" + ruleSet.name() + "\n" + factsVersion + "\n" + at.toEpochMilli();
        return new SegmentsChanged(
                UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8))
                        .toString(),
                customerId,
                ruleSet.name(),
                ruleSet.revision(),
                minus(after, before),
                minus(before, after),
                after,
                cause,
                at);
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(item -> !b.contains(item)).toList();
    }
}
