package dev.tailor.sync;

import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.shared.persistence.PersonalDataStore;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Segment changes waiting for their destination in PostgreSQL, and the lease that lets one node deliver them. */
@ApplicationScoped
public class PendingDeliveryRepository implements PanacheRepository<PendingDelivery>, PersonalDataStore {

    /** The oldest {@code limit} changes waiting for {@code destination}: the next batch, in recorded order. */
    public Uni<List<PendingDelivery>> head(String destination, int limit) {
        return find("destination", Sort.ascending("id"), destination)
                .page(Page.ofSize(limit))
                .list();
    }

    /** Changes waiting, by destination. */
    public Uni<Map<String, Long>> waiting() {
        return getSession()
                .chain(session -> session.createQuery(
                                "select p.destination, count(p) from PendingDelivery p group by p.destination",
                                Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((String) row[0], (Long) row[1]));
                    return counts;
                });
    }

    public Uni<Long> remove(List<Long> ids) {
        return delete("id in ?1", ids);
    }

    /** A failed attempt: how many so far, why, and when the batch may be tried again. */
    public Uni<Integer> postpone(List<Long> ids, int attempts, String error, Instant next) {
        return update("attempts = ?1, lastError = ?2, nextAttemptAt = ?3 where id in ?4", attempts, error, next, ids);
    }

    /**
     * Takes or renews the lease on a destination's deliveries for {@code holder}; answers whether it holds it now.
     * Another node's lease is taken only once it has run out, so one node at a time sends a destination's changes.
     */
    public Uni<Boolean> lease(String destination, String holder, Duration length) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "insert into webhook_lease (destination, holder, until) values (:destination, :holder, "
                                        + "now() + make_interval(secs => :seconds)) on conflict (destination) do update set "
                                        + "holder = excluded.holder, until = excluded.until "
                                        + "where webhook_lease.until < now() or webhook_lease.holder = excluded.holder "
                                        + "returning holder",
                                String.class)
                        .setParameter("destination", destination)
                        .setParameter("holder", holder)
                        .setParameter("seconds", length.toMillis() / 1000.0)
                        .getResultList())
                .map(rows -> !rows.isEmpty());
    }

    /** A change waiting for delivery holds the customer's id and mapped fields: an erasure removes it. */
    @Override
    public long erase(Set<String> identifiers) {
        return BlockingDb.transaction(() -> delete("customerId in ?1", identifiers));
    }
}
