package dev.tailor.hygiene.audit;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Data-quality issues in PostgreSQL. */
@ApplicationScoped
public class DataQualityIssueRepository implements PanacheRepository<DataQualityIssue> {

    /** Resolves the open issues an audit finds but the audit that started at {@code auditStarted} did not. */
    public Uni<Integer> resolveAuditIssuesNotSeenSince(Instant auditStarted, Instant now) {
        return update(
                "status = ?1, resolvedAt = ?2 where status = ?3 and source = ?4 and lastSeen < ?5",
                DataQualityIssue.RESOLVED,
                now,
                DataQualityIssue.OPEN,
                IssueSource.AUDIT.slug(),
                auditStarted);
    }

    /** Resolves a customer's open issue of a kind and field, if there is one. */
    public Uni<Integer> resolve(String customerId, IssueKind kind, String field, Instant now) {
        return update(
                "status = ?1, resolvedAt = ?2 where status = ?3 and customerId = ?4 and kind = ?5 and field = ?6",
                DataQualityIssue.RESOLVED,
                now,
                DataQualityIssue.OPEN,
                customerId,
                kind.slug(),
                field);
    }

    /** Open issues by kind slug. */
    public Uni<Map<String, Long>> countOpenByKind() {
        return getSession()
                .flatMap(session -> session.createSelectionQuery(
                                "select kind, count(*) from DataQualityIssue where status = :open group by kind",
                                Object[].class)
                        .setParameter("open", DataQualityIssue.OPEN)
                        .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
                    return counts;
                });
    }

    /** A page of issues, newest sighting first, of a customer and a kind when given, in a status. */
    public Uni<List<DataQualityIssue>> page(String customerId, IssueKind kind, String status, Page page) {
        Filter filter = Filter.of(customerId, kind, status);
        return find(filter.query(), Sort.descending("lastSeen").and("id"), filter.parameters())
                .page(page)
                .list();
    }

    public Uni<Long> count(String customerId, IssueKind kind, String status) {
        Filter filter = Filter.of(customerId, kind, status);
        return count(filter.query(), filter.parameters());
    }

    /** Every issue of any of the customers, whatever its status (erasure). */
    public Uni<Long> deleteOf(Set<String> customerIds) {
        return delete("customerId in ?1", customerIds);
    }

    private record Filter(String query, Parameters parameters) {

        static Filter of(String customerId, IssueKind kind, String status) {
            List<String> terms = new ArrayList<>(List.of("status = :status"));
            Parameters parameters = Parameters.with("status", status);
            if (customerId != null) {
                terms.add("customerId = :customer");
                parameters.and("customer", customerId);
            }
            if (kind != null) {
                terms.add("kind = :kind");
                parameters.and("kind", kind.slug());
            }
            return new Filter(String.join(" and ", terms), parameters);
        }
    }
}
