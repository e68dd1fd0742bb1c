package dev.tailor.erasure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The audit entry of one erasure: when, on whose request, and how much went; never whom it was about. */
@Entity
@Table(name = "erasure")
public class Erasure {

    @Id
    public UUID id;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    /** The name of the API key that asked for it. */
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    /** How many identifiers the customer had (userIds, anonymousIds, e-mail addresses). */
    @Column(nullable = false)
    public int identifiers;

    @Column(name = "redis_keys", nullable = false)
    public int redisKeys;

    /** Rows removed from PostgreSQL. */
    @Column(nullable = false)
    public int records;
}
