package dev.tailor.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A segment change a destination never accepted, kept until it is replayed. */
@Entity
@Table(name = "webhook_dead_letter")
public class DeadLetter extends DestinationChange {

    @Column(name = "last_error", nullable = false)
    public String lastError;

    @Column(name = "failed_at", nullable = false)
    public Instant failedAt;

    @Column(name = "replayed_at")
    public Instant replayedAt;
}
