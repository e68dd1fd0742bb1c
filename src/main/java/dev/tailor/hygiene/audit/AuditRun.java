package dev.tailor.hygiene.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What one audit found. */
@Entity
@Table(name = "audit_run")
public class AuditRun {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    @Column(nullable = false)
    public long customers;

    /** Issues found by kind, as JSON, e.g. {"missing-trait": 3}. */
    @Column(nullable = false)
    public String found;

    /** Open audit issues that this audit no longer found, so resolved. */
    @Column(nullable = false)
    public long resolved;

    @Column(name = "open_duplicate_candidates", nullable = false)
    public long openDuplicateCandidates;
}
