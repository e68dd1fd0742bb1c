package dev.tailor.rules;

/**
 * A revision whose evaluations overran their budget or threw {@code threshold} times within the quarantine window
 * on this node (a CDI event, fired asynchronously); this node has already stopped running its rules.
 */
public record RevisionFailing(String ruleSet, long revision, int overran, int threw, String lastFailure) {

    /** Why the revision was taken out of service, for the activation log. */
    public String reason(java.time.Duration window) {
        return "quarantined revision " + revision + ": " + overran + " evaluation(s) overran the deadline and " + threw
                + " threw within " + window.toSeconds() + " s (last: " + lastFailure + ")";
    }
}
