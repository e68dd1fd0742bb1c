package dev.tailor.erasure;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ErasedIdentifierRepository implements PanacheRepositoryBase<ErasedIdentifier, String> {

    /** How many tombstones each slot's hash should hold, by slot (tombstones without a slot left out). */
    public Uni<Map<Integer, Long>> countBySlot() {
        return getSession()
                .flatMap(session -> session.createSelectionQuery(
                                "select slot, count(*) from ErasedIdentifier where slot is not null group by slot",
                                Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<Integer, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(((Number) row[0]).intValue(), ((Number) row[1]).longValue()));
                    return counts;
                });
    }

    /** The tombstones kept in the hashes of {@code slots}. */
    public Uni<List<ErasedIdentifier>> inSlots(List<Integer> slots) {
        return list("slot in ?1", slots);
    }

    /** The tombstones written before they were kept by slot. */
    public Uni<List<ErasedIdentifier>> withoutSlot() {
        return list("slot is null");
    }
}
