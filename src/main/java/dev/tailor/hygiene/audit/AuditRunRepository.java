package dev.tailor.hygiene.audit;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Audit runs in PostgreSQL. */
@ApplicationScoped
public class AuditRunRepository implements PanacheRepository<AuditRun> {

    /** The latest audit, or null before the first. */
    public Uni<AuditRun> latest() {
        return find("from AuditRun", Sort.descending("finishedAt").and("id", Sort.Direction.Descending))
                .firstResult();
    }
}
