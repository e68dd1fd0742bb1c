package dev.tailor.rules.tables;

import dev.tailor.rules.tables.Condition.Overlap;
import dev.tailor.rules.tables.TableFinding.Severity;
import dev.tailor.rules.tables.TableRow.Membership;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks the rows of one decision table against each other inside their mutually exclusive groups, from the DRL
 * Drools generates for the table (so it sees exactly what will run):
 * <ul>
 * <li>an ERROR for a row that can never fire or never win because a better-ranked row of the same group matches
 * whenever it does (the winner is named);</li>
 * <li>a WARNING for two rows of a group that can match the same customer, which the group resolves.</li>
 * </ul>
 * Groups are Drools activation groups (the higher salience fires, equal salience: the earlier row) and Tailor
 * segment groups, {@code Segment.marketing("x").inGroup("g", 30)} (the higher priority stays, equal priority: the
 * segment name first in alphabetical order). A constraint the checker cannot read never leads to an ERROR: a
 * shadowing is reported only when it is proven. It sees one table only: a rule elsewhere that deletes the winner's
 * segment (an exclusion) is outside its view.
 */
public final class DecisionTableChecker {

    private record Member(TableRow row, String segment, OptionalInt priority) {}

    private record Group(String label, boolean activation, List<Member> members) {}

    /** Best-ranked first; members whose rank is not a literal go last, where they never count as winners. */
    private static final Comparator<Member> BY_SALIENCE = Comparator.comparing(
                    (Member m) -> m.row().salience().isEmpty())
            .thenComparing(m -> m.row().salience().orElse(0), Comparator.reverseOrder())
            .thenComparingInt(m -> m.row().order());

    private static final Comparator<Member> BY_PRIORITY = Comparator.comparing(
                    (Member m) -> m.priority().isEmpty())
            .thenComparing(m -> m.priority().orElse(0), Comparator.reverseOrder())
            .thenComparing(Member::segment)
            .thenComparingInt(m -> m.row().order());

    private DecisionTableChecker() {}

    /**
     * Findings for the table at {@code tablePath} (used as the findings' file), from the DRL Drools generated for
     * it, ordered by row.
     */
    public static List<TableFinding> check(String tablePath, String generatedDrl) {
        List<TableFinding> findings = new ArrayList<>();
        for (Group group : groups(TableRow.parse(generatedDrl))) {
            findings.addAll(check(tablePath, group));
        }
        findings.sort(Comparator.comparingInt(TableFinding::row)
                .thenComparing(TableFinding::severity)
                .thenComparing(TableFinding::text));
        return List.copyOf(findings);
    }

    private static List<Group> groups(List<TableRow> rows) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (TableRow row : rows) {
            String activationGroup = row.stringAttribute("activation-group");
            if (activationGroup != null) {
                groups.computeIfAbsent(
                                "activation-group \"" + activationGroup + "\"",
                                label -> new Group(label, true, new ArrayList<>()))
                        .members()
                        .add(new Member(row, null, OptionalInt.empty()));
            }
            for (Membership membership : row.memberships()) {
                groups.computeIfAbsent(
                                "group \"" + membership.group() + "\"",
                                label -> new Group(label, false, new ArrayList<>()))
                        .members()
                        .add(new Member(row, membership.segment(), membership.priority()));
            }
        }
        return List.copyOf(groups.values());
    }

    private static List<TableFinding> check(String file, Group group) {
        List<Member> ranked = new ArrayList<>(group.members());
        ranked.sort(group.activation() ? BY_SALIENCE : BY_PRIORITY);
        List<TableFinding> findings = new ArrayList<>();
        Set<Member> shadowed = new HashSet<>();
        // The best-ranked winner is the one to name: a lesser one may itself never fire.
        for (int l = 0; l < ranked.size(); l++) {
            Member loser = ranked.get(l);
            for (int w = 0; w < l; w++) {
                Member winner = ranked.get(w);
                Optional<String> why = competes(winner, loser) ? precedence(group, winner, loser) : Optional.empty();
                if (why.isPresent()
                        && loser.row().condition().implies(winner.row().condition())) {
                    shadowed.add(loser);
                    findings.add(finding(
                            file,
                            loser.row(),
                            Severity.ERROR,
                            loser.row().label() + " can never "
                                    + (group.activation() ? "fire in " : "win ") + group.label() + ": "
                                    + winner.row().label() + " matches whenever it does and "
                                    + (group.activation() ? "fires first" : "wins") + " (" + why.get() + ")"));
                    break;
                }
            }
        }
        // A row that never wins is reported once; its overlaps would only repeat that.
        for (int l = 0; l < ranked.size(); l++) {
            for (int w = 0; w < l; w++) {
                Member winner = ranked.get(w);
                Member loser = ranked.get(l);
                if (!competes(winner, loser) || shadowed.contains(winner) || shadowed.contains(loser)) {
                    continue;
                }
                Overlap overlap = winner.row().condition().overlap(loser.row().condition());
                if (overlap != Overlap.NONE) {
                    findings.add(overlap(file, group, winner, loser, overlap));
                }
            }
        }
        return findings;
    }

    /** Two rules compete unless they are one rule, or put the same segment in (then the outcome is the same). */
    private static boolean competes(Member a, Member b) {
        return a.row() != b.row() && (a.segment() == null || !a.segment().equals(b.segment()));
    }

    /**
     * Why {@code winner}, ranked above {@code loser}, prevails whenever both match, or empty when that is not
     * certain (a computed rank, a rule that may not fire, an insert under a condition, another agenda).
     */
    private static Optional<String> precedence(Group group, Member winner, Member loser) {
        TableRow w = winner.row();
        TableRow l = loser.row();
        if (!w.firesWhenMatched() || !w.sharesAgendaWith(l)) {
            return Optional.empty();
        }
        if (group.activation()) {
            if (w.salience().isEmpty() || l.salience().isEmpty()) {
                return Optional.empty();
            }
            int ws = w.salience().getAsInt();
            int ls = l.salience().getAsInt();
            return Optional.of(ws != ls ? "salience " + ws + " > " + ls : "same salience, earlier row");
        }
        if (winner.priority().isEmpty() || loser.priority().isEmpty() || !w.unconditionalActions()) {
            return Optional.empty();
        }
        int wp = winner.priority().getAsInt();
        int lp = loser.priority().getAsInt();
        return Optional.of(
                wp != lp
                        ? winner.segment() + " has priority " + wp + " > " + lp + " of " + loser.segment()
                        : winner.segment() + " and " + loser.segment() + " have priority " + wp + ", "
                                + winner.segment() + " comes first by name");
    }

    private static TableFinding overlap(String file, Group group, Member first, Member second, Overlap overlap) {
        Optional<String> why = precedence(group, first, second);
        TableRow a = first.row().order() < second.row().order() ? first.row() : second.row();
        TableRow b = a == first.row() ? second.row() : first.row();
        String text = "rows " + a.row() + " (" + a.name() + ") and " + b.row() + " (" + b.name() + ") "
                + (overlap == Overlap.CERTAIN ? "can both match" : "may both match") + " in " + group.label()
                + (overlap == Overlap.CERTAIN ? "" : " (not all of their conditions could be analysed)") + ": "
                + why.map(reason -> "row " + first.row().row() + (group.activation() ? " fires first (" : " wins (")
                                + reason + ")")
                        .orElse("which one wins cannot be told from the table");
        // At the row that loses, where the analyst may expect it to apply.
        return finding(file, why.isPresent() ? second.row() : b, Severity.WARNING, text);
    }

    private static TableFinding finding(String file, TableRow row, Severity severity, String text) {
        return new TableFinding(file, row.row(), row.column(), severity, text);
    }
}
