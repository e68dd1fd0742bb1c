package dev.tailor.identity;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class IdentityRecordRepository implements PanacheRepository<IdentityRecord> {

    /** What identity resolution recorded about any of these customers, oldest first. */
    public Uni<List<IdentityRecord>> about(Collection<String> customerIds) {
        return list("customerId in ?1 or otherId in ?1", Sort.ascending("id"), customerIds);
    }

    /** The last merge of {@code merged} into {@code survivor}, if any. */
    public Uni<IdentityRecord> lastMerge(String survivor, String merged) {
        return find("kind = 'merge' and customerId = ?1 and otherId = ?2", Sort.descending("id"), survivor, merged)
                .firstResult();
    }

    public Uni<Long> forget(Collection<String> customerIds, Collection<String> identifiers) {
        return delete("customerId in ?1 or otherId in ?1 or identifier in ?2", customerIds, identifiers);
    }
}
