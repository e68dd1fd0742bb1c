package dev.tailor.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An ESP destination as stored: webhook endpoint, signing secret, limits and the field mapping (JSON). */
@Entity
@Table(name = "destination")
public class Destination {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    public String url;

    @Column(name = "signing_secret")
    public String signingSecret;

    @Column(name = "rule_set")
    public String ruleSet;

    @Column(name = "max_per_second", nullable = false)
    public int maxPerSecond;

    @Column(name = "batch_size", nullable = false)
    public int batchSize;

    @Column(nullable = false)
    public String mapping;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
