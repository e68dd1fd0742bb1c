package dev.tailor.sync;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Undelivered segment changes in PostgreSQL. */
@ApplicationScoped
public class DeadLetterRepository implements PanacheRepository<DeadLetter> {

    /** Those of a destination not replayed yet, oldest first (the order they were meant to arrive in). */
    public Uni<List<DeadLetter>> openOf(String destination) {
        return list("destination = ?1 and replayedAt is null", Sort.ascending("id"), destination);
    }
}
