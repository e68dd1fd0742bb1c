package dev.tailor.rules.admin;

import dev.tailor.facts.Customer;
import dev.tailor.facts.CustomerScan;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.MappedSources;
import dev.tailor.rules.MappedSources.MappedSource;
import dev.tailor.rules.RuleEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Before an activation: evaluates a candidate revision next to the active one over the stored customers (all, or
 * the first {@code sample} a walk of Redis meets) and counts, per segment, members now and under the candidate,
 * and how many would enter and leave. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class ImpactAnalysis {

    private static final int PAGE = 500;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FactsStore facts;
    private final RuleEngine engine;
    private final TrackedFacts tracked;
    private final MappedSources mapped;

    public ImpactAnalysis(FactsStore facts, RuleEngine engine, TrackedFacts tracked, MappedSources mapped) {
        this.facts = facts;
        this.engine = engine;
        this.tracked = tracked;
        this.mapped = mapped;
    }

    /** Per segment: members under the active revision, under the candidate, entering and leaving. */
    public record SegmentImpact(String segment, long now, long candidate, long entering, long leaving) {}

    /**
     * @param customers customers counted (unreadable ones left out)
     * @param untrackedEvents events the candidate declares that are not tracked yet: their facts are empty until
     *     activation and a replay back-fill them
     * @param droppedMappings variables and segments destinations map that the candidate no longer produces: its
     *     activation needs {@code "confirmDrops": true}
     * @param unreadableCustomers customers skipped because a stored field of theirs could not be read (reported as
     *     unreadable-facts data-quality issues by renders and audits)
     * @param unreadableSample the first of them, at most {@link #UNREADABLE_SAMPLE}
     */
    public record ImpactReport(
            String ruleSet,
            long activeRevision,
            long candidateRevision,
            long customers,
            long changedCustomers,
            long millis,
            List<SegmentImpact> segments,
            List<String> untrackedEvents,
            List<MappedSource> droppedMappings,
            long unreadableCustomers,
            List<String> unreadableSample) {}

    static final int UNREADABLE_SAMPLE = 20;

    public ImpactReport analyse(CompiledRuleSet active, CompiledRuleSet candidate, Integer sample) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        TreeMap<String, long[]> counts = new TreeMap<>();
        long customers = 0;
        long changed = 0;
        long unreadableCount = 0;
        List<String> unreadable = new ArrayList<>();
        String cursor = "0";
        do {
            CustomerScan page = facts.scan(cursor, PAGE).await().atMost(WAIT);
            cursor = page.cursor();
            for (String customerId : page.customerIds()) {
                if (sample != null && customers >= sample) {
                    break;
                }
                List<Customer> seen = facts.read(customerId, now, List.of(active.facts(), candidate.facts()))
                        .await()
                        .atMost(WAIT);
                Set<String> before =
                        new HashSet<>(engine.evaluate(active, seen.get(0)).segmentNames());
                Set<String> after =
                        new HashSet<>(engine.evaluate(candidate, seen.get(1)).segmentNames());
                // Asked after the rules ran (series are decoded when first read): counted from part of a customer,
                // the comparison would mislead, so the customer is left out and named instead.
                if (!seen.get(0).unreadableFields().isEmpty()
                        || !seen.get(1).unreadableFields().isEmpty()) {
                    if (unreadable.size() < UNREADABLE_SAMPLE) {
                        unreadable.add(customerId);
                    }
                    unreadableCount++;
                    continue;
                }
                before.forEach(segment -> counts.computeIfAbsent(segment, s -> new long[4])[0]++);
                after.forEach(segment -> counts.computeIfAbsent(segment, s -> new long[4])[1]++);
                after.stream().filter(s -> !before.contains(s)).forEach(s -> counts.get(s)[2]++);
                before.stream().filter(s -> !after.contains(s)).forEach(s -> counts.get(s)[3]++);
                customers++;
                if (!before.equals(after)) {
                    changed++;
                }
            }
        } while (!"0".equals(cursor) && (sample == null || customers < sample));
        List<SegmentImpact> segments = new ArrayList<>();
        counts.forEach((segment, c) -> segments.add(new SegmentImpact(segment, c[0], c[1], c[2], c[3])));
        List<String> untracked = candidate.facts().events().keySet().stream()
                .filter(event -> tracked.schema().event(event).isEmpty())
                .sorted()
                .toList();
        return new ImpactReport(
                candidate.name(),
                active.revision(),
                candidate.revision(),
                customers,
                changed,
                (System.nanoTime() - started) / 1_000_000,
                segments,
                untracked,
                mapped.droppedBy(candidate),
                unreadableCount,
                unreadable);
    }
}
