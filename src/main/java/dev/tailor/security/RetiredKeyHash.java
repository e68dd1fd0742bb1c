package dev.tailor.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A hash a key had before it was rotated: kept so that the retired secret is never accepted or stored again. */
@Entity
@Table(name = "api_key_retired_hash")
public class RetiredKeyHash {

    @Id
    @Column(name = "key_hash")
    public String keyHash;

    @Column(name = "key_id", nullable = false)
    public Long keyId;

    @Column(name = "retired_at", nullable = false)
    public Instant retiredAt;
}
