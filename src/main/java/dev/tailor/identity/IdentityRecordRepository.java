package dev.tailor.identity;

import dev.tailor.events.Identifier;
import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.shared.persistence.PersonalDataStore;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class IdentityRecordRepository implements PanacheRepository<IdentityRecord>, PersonalDataStore {

    /** What identity resolution recorded about any of these customers, oldest first. */
    public Uni<List<IdentityRecord>> about(Collection<String> customerIds) {
        return list("customerId in ?1 or otherId in ?1", Sort.ascending("id"), customerIds);
    }

    /** The last merge of {@code merged} into {@code survivor}, if any. */
    public Uni<IdentityRecord> lastMerge(String survivor, String merged) {
        return find("kind = 'merge' and customerId = ?1 and otherId = ?2", Sort.descending("id"), survivor, merged)
                .firstResult();
    }

    @Override
    public long erase(Set<String> identifiers) {
        Set<String> members = new HashSet<>();
        for (Identifier.Kind kind : Identifier.Kind.values()) {
            identifiers.forEach(id -> members.add(new Identifier(kind, id).member()));
        }
        return BlockingDb.transaction(
                () -> delete("customerId in ?1 or otherId in ?1 or identifier in ?2", identifiers, members));
    }
}
