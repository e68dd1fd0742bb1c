package dev.tailor.rules.revisions;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An immutable version of a rule set: its files (as a zip), their hash, who made it and why. */
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

    @Column(nullable = false, updatable = false)
    public String author;

    @Column(nullable = false, updatable = false)
    public String message;

    @Basic(fetch = FetchType.EAGER)
    @Column(updatable = false)
    public byte[] archive;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    protected RuleSetRevision() {}

    public RuleSetRevision(
            String name, String sha256, String author, String message, byte[] archive, Instant createdAt) {
        this.name = name;
        this.sha256 = sha256;
        this.author = author;
        this.message = message;
        this.archive = archive;
        this.createdAt = createdAt;
    }
}
