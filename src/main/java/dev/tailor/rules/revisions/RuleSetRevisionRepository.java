package dev.tailor.rules.revisions;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Rule set revisions in PostgreSQL. */
@ApplicationScoped
public class RuleSetRevisionRepository implements PanacheRepository<RuleSetRevision> {

    public Uni<RuleSetRevision> findByContent(String name, String sha256) {
        return find("name = ?1 and sha256 = ?2", name, sha256).firstResult();
    }

    public Uni<List<RuleSetRevision>> listOf(String name) {
        return list("name", Sort.descending("id"), name);
    }
}
