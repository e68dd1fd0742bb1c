package dev.tailor.hygiene.duplicates;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** Two customers that a duplicate run found probably the same person, and what was decided about them. */
@Entity
@Table(name = "duplicate_candidate")
public class DuplicateCandidate {

    /** Reasons are stored one a line: they are short phrases such as "surname jaro-winkler 0.97". */
    private static final String REASON_SEPARATOR = "\n";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The smaller of the two customer ids. */
    @Column(name = "customer_a", nullable = false)
    public String customerA;

    @Column(name = "customer_b", nullable = false)
    public String customerB;

    @Column(nullable = false)
    public double score;

    @Column(nullable = false)
    public String reasons;

    /** A {@link CandidateStatus} slug. */
    @Column(nullable = false)
    public String status;

    @Column(name = "first_found", nullable = false)
    public Instant firstFound;

    @Column(name = "last_found", nullable = false)
    public Instant lastFound;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    public List<String> reasonList() {
        return reasons.isEmpty() ? List.of() : List.of(reasons.split(REASON_SEPARATOR));
    }

    public void reasons(List<String> given) {
        reasons = String.join(REASON_SEPARATOR, given);
    }

    public CandidateStatus status() {
        return CandidateStatus.of(status).orElseThrow();
    }
}
