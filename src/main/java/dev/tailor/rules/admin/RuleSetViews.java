package dev.tailor.rules.admin;

import dev.tailor.rules.DeclaredVariables;
import dev.tailor.rules.RuleMessage;
import dev.tailor.rules.RuleSetOutline;
import dev.tailor.rules.revisions.RuleSetActivation;
import dev.tailor.rules.revisions.RuleSetRevision;
import java.time.Instant;
import java.util.List;

/** What the rule set admin API answers. */
final class RuleSetViews {

    private RuleSetViews() {}

    /** A rule set and its active revision. */
    record RuleSetView(String name, long activeRevision, Instant activatedAt, String activatedBy) {

        static RuleSetView of(RuleSetActivation active) {
            return new RuleSetView(active.ruleSet, active.revisionId, active.activatedAt, active.activatedBy);
        }
    }

    /**
     * A stored revision: its content's hash, files (scenario files included), scenario files (which each activation
     * runs), the segments it can produce and the variables it declares (name, type and default), which every
     * decision of it holds.
     */
    record RevisionView(
            long id,
            String ruleSet,
            String sha256,
            String author,
            String message,
            Instant createdAt,
            List<String> files,
            List<String> scenarios,
            List<String> segments,
            List<DeclaredVariables.View> variables) {

        static RevisionView of(
                RuleSetRevision revision, List<String> files, List<String> scenarios, RuleSetOutline outline) {
            return new RevisionView(
                    revision.id,
                    revision.name,
                    revision.sha256,
                    revision.author,
                    revision.message,
                    revision.createdAt,
                    files,
                    scenarios,
                    outline.segments(),
                    outline.declared());
        }
    }

    /**
     * An entry of the activation log.
     *
     * @param quarantinedRevision set on an entry of the automatic quarantine: the revision it took out of service
     */
    record ActivationView(
            long id,
            String ruleSet,
            long revision,
            Long previousRevision,
            String activatedBy,
            String reason,
            Instant activatedAt,
            Long quarantinedRevision) {

        static ActivationView of(RuleSetActivation activation) {
            return new ActivationView(
                    activation.id,
                    activation.ruleSet,
                    activation.revisionId,
                    activation.previousRevisionId,
                    activation.activatedBy,
                    activation.reason,
                    activation.activatedAt,
                    activation.quarantinedRevisionId);
        }
    }

    /**
     * What an activation or rollback asks for.
     *
     * @param confirmDrops true to activate a revision that no longer produces a variable or segment a destination
     *     maps (the impact analysis lists them as {@code droppedMappings}); without it such an activation is a 409
     */
    record ActivationRequest(Long revision, String activatedBy, String reason, Boolean confirmDrops) {

        boolean dropsConfirmed() {
            return Boolean.TRUE.equals(confirmDrops);
        }
    }

    /** Files and outline differences between two revisions. */
    record DiffView(
            long from,
            long to,
            List<String> filesAdded,
            List<String> filesRemoved,
            List<String> filesChanged,
            List<String> segmentsAdded,
            List<String> segmentsRemoved,
            List<String> variablesAdded,
            List<String> variablesRemoved) {}

    /** One scenario's outcome in a validation. */
    record ScenarioOutcome(String file, String name, boolean passed, List<String> failures) {}

    /**
     * A validation that compiled: valid when every scenario passed and no decision-table row can never win;
     * table findings are located at the table's row and column.
     *
     * @param tableErrors rows of a decision table that can never fire or never win their group
     * @param warnings rows that overlap inside a mutually exclusive group (the group's priorities decide)
     */
    record ValidationReport(
            String ruleSet,
            String sha256,
            boolean valid,
            List<ScenarioOutcome> scenarios,
            List<RuleMessage> tableErrors,
            List<RuleMessage> warnings) {}
}
