package dev.tailor.rules;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Rule set revisions in PostgreSQL. */
@ApplicationScoped
public class RuleSetRevisionRepository implements PanacheRepository<RuleSetRevision> {

    public Uni<RuleSetRevision> findByContent(String name, String sha256) {
        return find("name = ?1 and sha256 = ?2", name, sha256).firstResult();
    }
}
