package dev.tailor.hygiene.duplicates;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Duplicate candidates in PostgreSQL. */
@ApplicationScoped
public class DuplicateCandidateRepository implements PanacheRepository<DuplicateCandidate> {

    private static final String LISTED = "status = ?1 and score >= ?2";

    /** A page of candidates of one status from a score up, highest score first. */
    public Uni<List<DuplicateCandidate>> page(CandidateStatus status, double minScore, Page page) {
        return find(LISTED, Sort.descending("score").and("id"), status.slug(), minScore)
                .page(page)
                .list();
    }

    public Uni<Long> countListed(CandidateStatus status, double minScore) {
        return count(LISTED, status.slug(), minScore);
    }

    public Uni<List<DuplicateCandidate>> open() {
        return list("status", CandidateStatus.OPEN.slug());
    }

    /** Open candidates a run that started at {@code runStarted} did not find again: their evidence is gone. */
    public Uni<Long> deleteOpenNotFoundSince(Instant runStarted) {
        return delete("status = ?1 and lastFound < ?2", CandidateStatus.OPEN.slug(), runStarted);
    }

    /** Every candidate naming any of the customers, whatever its status. */
    public Uni<Long> deleteOf(Set<String> customerIds) {
        return delete("customerA in ?1 or customerB in ?1", customerIds);
    }
}
