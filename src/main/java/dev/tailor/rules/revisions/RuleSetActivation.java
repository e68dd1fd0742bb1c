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

    /** Who the automatic quarantine's entries name as their author. */
    public static final String QUARANTINE = "quarantine";

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

    /**
     * Set on an entry of the automatic quarantine: the revision it took out of service. When it equals
     * {@link #revisionId} no good revision was left, and the rule set answers the degraded default.
     */
    @Column(name = "quarantined_revision_id", updatable = false)
    public Long quarantinedRevisionId;

    protected RuleSetActivation() {}

    public RuleSetActivation(
            String ruleSet,
            Long revisionId,
            Long previousRevisionId,
            String activatedBy,
            String reason,
            Instant activatedAt) {
        this.ruleSet = ruleSet;
        this.revisionId = revisionId;
        this.previousRevisionId = previousRevisionId;
        this.activatedBy = activatedBy;
        this.reason = reason;
        this.activatedAt = activatedAt;
    }

    /** An entry of the automatic quarantine (see {@link #quarantinedRevisionId}). */
    public static RuleSetActivation quarantine(
            String ruleSet, long serving, long quarantined, String reason, Instant at) {
        RuleSetActivation entry = new RuleSetActivation(ruleSet, serving, quarantined, QUARANTINE, reason, at);
        entry.quarantinedRevisionId = quarantined;
        return entry;
    }

    /** Whether this entry leaves no revision running: its own is quarantined. */
    public boolean outOfService() {
        return revisionId.equals(quarantinedRevisionId);
    }
}
