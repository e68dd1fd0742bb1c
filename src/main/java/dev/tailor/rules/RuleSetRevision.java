package dev.tailor.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An immutable version of a rule set, identified by the hash of its files. */
@Entity
@Table(name = "rule_set_revision")
public class RuleSetRevision {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false)
    public String name;

    @Column(nullable = false, updatable = false)
    public String sha256;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    protected RuleSetRevision() {}

    public RuleSetRevision(String name, String sha256, Instant createdAt) {
        this.name = name;
        this.sha256 = sha256;
        this.createdAt = createdAt;
    }
}
