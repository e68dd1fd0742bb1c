package dev.tailor.rules;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Records rule set revisions: the same content always maps to the same revision. */
@ApplicationScoped
public class RuleSetRevisionService {

    private final RuleSetRevisionRepository revisions;

    public RuleSetRevisionService(RuleSetRevisionRepository revisions) {
        this.revisions = revisions;
    }

    @WithTransaction
    public Uni<RuleSetRevision> record(String name, String sha256) {
        return revisions.findByContent(name, sha256)
                .onItem().ifNull().switchTo(() -> revisions.persist(new RuleSetRevision(name, sha256, Instant.now())));
    }
}
