package dev.tailor.hygiene.audit;

import dev.tailor.facts.Customer;
import dev.tailor.facts.TraitFallback;
import dev.tailor.shared.persistence.PersonalDataStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feedback loop from renders to data quality: a render whose rules got a default because a trait was missing
 * or invalid notes it here, and so does a render or re-decision that found the customer's stored facts unreadable;
 * the notes are stored as render-fallback and unreadable-facts issues in the background.
 *
 * <p>The render path only merges a note into a bounded in-memory map (no I/O, no waiting): many renders of one
 * customer and trait become one entry with a count. When the map is full, new entries are dropped and counted
 * ({@code tailor_data_quality_feedback_dropped_total}); a failed store puts its entries back for the next flush.
 */
@ApplicationScoped
public class FallbackFeedback implements PersonalDataStore {

    private record Key(String customerId, IssueKind kind, String field) {}

    /** Sightings of one customer's issue since the last flush; the latest one's detail wins. */
    private record Sightings(long times, String detail, IssueSource source, long lastMs) {

        Sightings plus(Sightings later) {
            return new Sightings(times + later.times, later.detail, later.source, Math.max(lastMs, later.lastMs));
        }
    }

    private final ConcurrentHashMap<Key, Sightings> pending = new ConcurrentHashMap<>();
    private final int capacity;
    private final DataQualityService issues;
    private final Counter dropped;

    @Inject
    public FallbackFeedback(AuditConfig config, DataQualityService issues, MeterRegistry metrics) {
        this(config.feedbackCapacity(), issues, metrics);
    }

    FallbackFeedback(int capacity, DataQualityService issues, MeterRegistry metrics) {
        this.capacity = capacity;
        this.issues = issues;
        this.dropped = Counter.builder("tailor.data_quality.feedback.dropped")
                .description("Render fallbacks not recorded because the feedback queue was full")
                .register(metrics);
    }

    /**
     * Notes that a render of {@code customer} fell back to defaults; on the render path, so it never blocks or
     * throws. Customers Tailor has never heard of are not noted: they have no data to fix.
     */
    public void fellBack(Customer customer, List<TraitFallback> fallbacks) {
        if (fallbacks.isEmpty() || !customer.isKnown()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (TraitFallback fallback : fallbacks) {
            note(
                    new Key(customer.getId(), IssueKind.RENDER_FALLBACK, fallback.trait()),
                    new Sightings(
                            1,
                            (fallback.invalid() ? "invalid" : "missing") + "; rules used the default \""
                                    + fallback.used() + "\"",
                            IssueSource.RENDER,
                            now));
        }
    }

    /**
     * Notes that {@code customerId}'s stored facts could not be read (some of {@code fields}), found by a render
     * ({@code source}) or a re-decision; like {@link #fellBack}, it never blocks or throws.
     */
    public void unreadable(String customerId, List<String> fields, IssueSource source) {
        long now = System.currentTimeMillis();
        for (String field : fields) {
            note(
                    new Key(customerId, IssueKind.UNREADABLE_FACTS, field),
                    new Sightings(1, unreadableDetail(source), source, now));
        }
    }

    /** What an unreadable-facts issue says: what Tailor did, and how to rebuild the customer. */
    public static String unreadableDetail(IssueSource source) {
        return "the stored field could not be read; " + (source == IssueSource.AUDIT ? "renders answer" : "answered")
                + " the degraded default for this customer; rebuild it from the event log with "
                + "scripts/replay.sh --customers <id>";
    }

    private void note(Key key, Sightings sightings) {
        if (pending.size() >= capacity && !pending.containsKey(key)) {
            dropped.increment();
            return;
        }
        pending.merge(key, sightings, Sightings::plus);
    }

    /** Drops what waits about the identifiers, so that an erased customer's issue is not stored after erasure. */
    @Override
    public long erase(Set<String> identifiers) {
        long before = pending.size();
        pending.keySet().removeIf(key -> identifiers.contains(key.customerId()));
        return before - pending.size();
    }

    /** Distinct fallbacks waiting for the next flush. */
    int waiting() {
        return pending.size();
    }

    @Scheduled(
            every = "${tailor.hygiene.audits.feedback-flush-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flush() {
        List<Key> keys = List.copyOf(pending.keySet());
        if (keys.isEmpty()) {
            return;
        }
        List<FoundIssue> found = new ArrayList<>(keys.size());
        List<Key> taken = new ArrayList<>(keys.size());
        List<Sightings> takenSightings = new ArrayList<>(keys.size());
        for (Key key : keys) {
            // Removed one by one: a render noting the same key meanwhile starts a fresh entry for the next flush.
            Sightings sightings = pending.remove(key);
            if (sightings != null) {
                taken.add(key);
                takenSightings.add(sightings);
                found.add(new FoundIssue(
                        key.customerId(),
                        key.kind(),
                        key.field(),
                        sightings.detail(),
                        sightings.source(),
                        sightings.times(),
                        Instant.ofEpochMilli(sightings.lastMs())));
            }
        }
        try {
            issues.record(found);
            issues.refreshGauges();
        } catch (RuntimeException e) {
            Log.warnf("Could not store %d render fallback(s), kept for the next flush: %s", found.size(), e.toString());
            for (int i = 0; i < taken.size(); i++) {
                pending.merge(taken.get(i), takenSightings.get(i), (later, earlier) -> earlier.plus(later));
            }
        }
    }
}
