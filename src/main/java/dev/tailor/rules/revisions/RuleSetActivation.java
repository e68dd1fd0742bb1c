package dev.tailor.rules.revisions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of the activation log: who made which revision of a rule set active, when and why. */
@Entity
@Table(name = "rule_set_activation")
public class RuleSetActivation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "rule_set", nullable = false, updatable = false)
    public String ruleSet;

    @Column(name = "revision_id", nullable = false, updatable = false)
    public Long revisionId;

    @Column(name = "previous_revision_id", updatable = false)
    public Long previousRevisionId;

    @Column(name = "activated_by", nullable = false, updatable = false)
    public String activatedBy;

    @Column(nullable = false, updatable = false)
    public String reason;

    @Column(name = "activated_at", nullable = false, updatable = false)
    public Instant activatedAt;

    protected RuleSetActivation() {}

    public RuleSetActivation(String ruleSet, Long revisionId, Long previousRevisionId, String activatedBy,
            String reason, Instant activatedAt) {
        this.ruleSet = ruleSet;
        this.revisionId = revisionId;
        this.previousRevisionId = previousRevisionId;
        this.activatedBy = activatedBy;
        this.reason = reason;
        this.activatedAt = activatedAt;
    }
}
