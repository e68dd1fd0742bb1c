package dev.tailor.hygiene.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A data-quality issue of one customer: open until resolved, counted and dated each time it is seen. */
@Entity
@Table(name = "data_quality_issue")
public class DataQualityIssue {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    /** An {@link IssueKind} slug. */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String field;

    @Column(nullable = false)
    public String detail;

    /** An {@link IssueSource} slug. */
    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public long count;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
