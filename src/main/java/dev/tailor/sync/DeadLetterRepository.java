package dev.tailor.sync;

import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.shared.persistence.PersonalDataStore;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/** Undelivered segment changes in PostgreSQL. */
@ApplicationScoped
public class DeadLetterRepository implements PanacheRepository<DeadLetter>, PersonalDataStore {

    /** Those of a destination not replayed yet, oldest first (the order they were meant to arrive in). */
    public Uni<List<DeadLetter>> openOf(String destination) {
        return list("destination = ?1 and replayedAt is null", Sort.ascending("id"), destination);
    }

    /** A dead letter holds the customer's id and mapped fields: an erasure removes it. */
    @Override
    public long erase(Set<String> identifiers) {
        return BlockingDb.transaction(() -> delete("customerId in ?1", identifiers));
    }
}
