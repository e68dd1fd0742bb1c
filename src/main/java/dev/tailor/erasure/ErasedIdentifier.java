package dev.tailor.erasure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The tombstone of an erased identifier: its digest (see IdentifierKeys.digest), when it was erased, and the Redis
 * Cluster slot whose tombstones' hash keeps it (TombstoneKeys.slotOf; null for tombstones written before they
 * were kept by slot, which no digest can place).
 */
@Entity
@Table(name = "erased_identifier")
public class ErasedIdentifier {

    @Id
    public String digest;

    @Column(name = "erased_at", nullable = false)
    public Instant erasedAt;

    public Integer slot;
}
