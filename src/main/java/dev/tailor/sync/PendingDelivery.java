package dev.tailor.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A segment change recorded for one destination and not delivered yet, with its attempts so far. */
@Entity
@Table(name = "webhook_pending")
public class PendingDelivery extends DestinationChange {

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static PendingDelivery of(String destination, PendingChange change, Instant now) {
        PendingDelivery pending = new PendingDelivery();
        pending.destination = destination;
        pending.customerId = change.customerId();
        pending.changeId = change.changeId();
        pending.payload = change.payload();
        pending.nextAttemptAt = now;
        pending.createdAt = now;
        return pending;
    }

    PendingChange change() {
        return new PendingChange(changeId, customerId, null, payload);
    }
}
