package dev.tailor.hygiene.audit;

import dev.tailor.hygiene.Listed;
import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.shared.persistence.PersonalDataStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customers' data-quality issues, from audits and from renders: stored de-duplicated (one open issue per customer,
 * kind and field, with a count and the last sighting), listed, resolved, forgotten; counted in metrics
 * ({@code tailor_data_quality_found_total} by kind and source, {@code tailor_data_quality_open_issues} by kind).
 */
@ApplicationScoped
public class DataQualityService implements PersonalDataStore {

    public static final int PAGE_SIZE = 50;

    private final DataQualityIssueRepository issues;
    private final IssueUpserts upserts;
    private final MeterRegistry metrics;
    private final Map<IssueKind, AtomicLong> open = new EnumMap<>(IssueKind.class);

    public DataQualityService(DataQualityIssueRepository issues, IssueUpserts upserts, MeterRegistry metrics) {
        this.issues = issues;
        this.upserts = upserts;
        this.metrics = metrics;
        for (IssueKind kind : IssueKind.values()) {
            AtomicLong count = new AtomicLong();
            open.put(kind, count);
            Gauge.builder("tailor.data_quality.open_issues", count, AtomicLong::get)
                    .description("Open data-quality issues, as of the latest audit or stored render feedback")
                    .tag("kind", kind.slug())
                    .register(metrics);
        }
    }

    /** Stores issues found (blocking: from a worker thread). */
    public void record(List<FoundIssue> found) {
        if (found.isEmpty()) {
            return;
        }
        BlockingDb.await(() -> upserts.upsert(found));
        found.forEach(issue -> Counter.builder("tailor.data_quality.found")
                .description("Data-quality issues found, each sighting counted")
                .tags("kind", issue.kind().slug(), "source", issue.source().slug())
                .register(metrics)
                .increment(issue.times()));
    }

    /** Resolves audit issues that the audit started at {@code auditStarted} no longer found; answers how many. */
    public int resolveAuditIssuesNotSeenSince(Instant auditStarted) {
        return BlockingDb.transaction(() -> issues.resolveAuditIssuesNotSeenSince(auditStarted, Instant.now()));
    }

    public void resolve(String customerId, IssueKind kind, String field) {
        BlockingDb.transaction(() -> issues.resolve(customerId, kind, field, Instant.now()));
    }

    /** Re-reads the open issues by kind into the gauges. */
    public void refreshGauges() {
        Map<String, Long> counts = BlockingDb.session(issues::countOpenByKind);
        open.forEach((kind, gauge) -> gauge.set(counts.getOrDefault(kind.slug(), 0L)));
    }

    /** A page of issues, newest sighting first; customer and kind are optional filters. */
    public Listed<DataQualityIssue> list(String customerId, IssueKind kind, String status, int page) {
        return BlockingDb.session(() -> issues.count(customerId, kind, status)
                .flatMap(total -> issues.page(customerId, kind, status, Page.of(page, PAGE_SIZE))
                        .map(found -> new Listed<>(page, PAGE_SIZE, total, found))));
    }

    /** Removes every issue of any of the identifiers (erasure); blocking. */
    @Override
    public long erase(Set<String> identifiers) {
        long erased = BlockingDb.transaction(() -> issues.deleteOf(identifiers));
        refreshGauges();
        return erased;
    }
}
