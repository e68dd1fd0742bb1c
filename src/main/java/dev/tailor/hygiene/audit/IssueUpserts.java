package dev.tailor.hygiene.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Stores found issues in batches, straight through the reactive PostgreSQL client: an audit re-finds every open
 * issue of every customer, and one pipelined batch per page is far quicker than a statement at a time through
 * Hibernate. One open issue per customer, kind and field (a partial unique index): a new one is opened, or the open
 * one counts the sightings and takes the latest detail and time.
 */
@ApplicationScoped
public class IssueUpserts {

    private static final String UPSERT = """
            insert into data_quality_issue (customer_id, kind, field, detail, source, status, count, first_seen,
                                            last_seen)
            values ($1, $2, $3, $4, $5, 'open', $6, $7, $7)
            on conflict (customer_id, kind, field) where status = 'open'
            do update set count = data_quality_issue.count + excluded.count,
                          detail = excluded.detail,
                          last_seen = greatest(data_quality_issue.last_seen, excluded.last_seen)
            """;

    private final Pool postgres;

    public IssueUpserts(Pool postgres) {
        this.postgres = postgres;
    }

    /** Stores every issue in one transaction. */
    public Uni<Void> upsert(List<FoundIssue> issues) {
        if (issues.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = issues.stream()
                .map(issue -> Tuple.tuple(List.of(
                        issue.customerId(),
                        issue.kind().slug(),
                        issue.field(),
                        issue.detail(),
                        issue.source().slug(),
                        issue.times(),
                        OffsetDateTime.ofInstant(issue.seenAt(), ZoneOffset.UTC))))
                .toList();
        return postgres.withTransaction(
                        connection -> connection.preparedQuery(UPSERT).executeBatch(rows))
                .replaceWithVoid();
    }
}
