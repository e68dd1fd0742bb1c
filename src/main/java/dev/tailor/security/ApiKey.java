package dev.tailor.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key as stored: its hash, never the key, with its scopes and optional rate limit. */
@Entity
@Table(name = "api_key")
public class ApiKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String name;

    @Column(name = "key_hash", nullable = false, unique = true)
    public String keyHash;

    /** The key's last characters, so that people can tell their keys apart. */
    @Column(name = "key_hint", nullable = false)
    public String keyHint;

    /** Comma-separated: ingest, decide, admin. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "rate_per_second")
    public Integer ratePerSecond;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the secret was last replaced; the id stays. */
    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
