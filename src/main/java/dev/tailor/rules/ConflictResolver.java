package dev.tailor.rules;

import dev.tailor.facts.TraitFallback;
import dev.tailor.rules.Evaluation.Admission;
import dev.tailor.rules.Evaluation.Removal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what the rules asserted into the decision's outcome: exclusions (segments a rule deleted), then global
 * suppressions (every marketing segment goes, transactional ones stay), then one winner per mutually exclusive
 * group. Each removal keeps its reason.
 */
final class ConflictResolver {

    private static final Comparator<Segment> BY_NAME = Comparator.comparing(Segment::getName);
    private static final Comparator<Segment> GROUP_ORDER =
            Comparator.comparingInt(Segment::getPriority).reversed().thenComparing(Segment::getName);

    private ConflictResolver() {}

    static Evaluation resolve(
            OutcomeRecorder recorded,
            Optional<Instant> nextChange,
            List<TraitFallback> fallbacks,
            DeclaredVariables declared) {
        // Plain loops, and each step only when something calls for it: this runs on every render and re-decision.
        // Several rules may assert one segment: it stands once, citing them all, at its highest priority.
        List<Segment> inserted = recorded.insertionOrder;
        Map<String, List<String>> rulesBySegment = new HashMap<>(2 * inserted.size());
        Map<String, Segment> standing = new LinkedHashMap<>(2 * inserted.size());
        for (int i = 0; i < inserted.size(); i++) {
            Segment segment = inserted.get(i);
            rulesBySegment
                    .computeIfAbsent(segment.getName(), n -> new ArrayList<>(2))
                    .add(recorded.insertedBy.get(i));
            if (recorded.deletedBy(segment) == null) {
                standing.merge(
                        segment.getName(),
                        segment,
                        (kept, other) -> other.getPriority() > kept.getPriority() ? other : kept);
            }
        }
        List<Removal> removed = new ArrayList<>();
        if (recorded.anyDeleted()) {
            Set<String> excluded = new HashSet<>();
            for (Segment segment : recorded.insertionOrder) {
                String excludedBy = recorded.deletedBy(segment);
                if (excludedBy != null && !standing.containsKey(segment.getName()) && excluded.add(segment.getName())) {
                    removed.add(new Removal(
                            segment.getName(), rulesBySegment.get(segment.getName()), "rule", excludedBy, null));
                }
            }
        }
        suppress(standing, rulesBySegment, removed);
        resolveGroups(standing, rulesBySegment, removed);

        List<Segment> segments = new ArrayList<>(standing.values());
        segments.sort(BY_NAME);
        List<Admission> admitted = new ArrayList<>(segments.size());
        for (Segment segment : segments) {
            admitted.add(new Admission(
                    segment.getName(), Collections.unmodifiableList(rulesBySegment.get(segment.getName()))));
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        recorded.variables.forEach((name, variable) -> variables.put(name, variable.getValue()));
        removed.sort(Comparator.comparing(Removal::segment));
        return new Evaluation(
                Collections.unmodifiableList(segments),
                Collections.unmodifiableMap(declared.complete(variables)),
                Collections.unmodifiableList(admitted),
                List.copyOf(removed),
                Map.copyOf(recorded.variableRules),
                nextChange,
                fallbacks);
    }

    /** A standing suppression removes every marketing segment; transactional ones stay. */
    private static void suppress(
            Map<String, Segment> standing, Map<String, List<String>> rulesBySegment, List<Removal> removed) {
        Segment suppression = null;
        for (Segment segment : standing.values()) {
            if (segment.isSuppression()) {
                suppression = segment;
                break;
            }
        }
        if (suppression == null) {
            return;
        }
        for (Iterator<Segment> segments = standing.values().iterator(); segments.hasNext(); ) {
            Segment segment = segments.next();
            if (segment.isMarketing()) {
                segments.remove();
                removed.add(new Removal(
                        segment.getName(),
                        rulesBySegment.get(segment.getName()),
                        "suppression",
                        suppression.getName(),
                        null));
            }
        }
    }

    /** One winner per mutually exclusive group: the highest priority, then the first name. */
    private static void resolveGroups(
            Map<String, Segment> standing, Map<String, List<String>> rulesBySegment, List<Removal> removed) {
        Map<String, List<Segment>> groups = null;
        for (Segment segment : standing.values()) {
            if (segment.getGroup() != null) {
                groups = groups == null ? new LinkedHashMap<>() : groups;
                groups.computeIfAbsent(segment.getGroup(), g -> new ArrayList<>())
                        .add(segment);
            }
        }
        if (groups == null) {
            return;
        }
        groups.forEach((group, members) -> {
            members.sort(GROUP_ORDER);
            Segment winner = members.get(0);
            for (Segment loser : members.subList(1, members.size())) {
                standing.remove(loser.getName());
                removed.add(new Removal(
                        loser.getName(), rulesBySegment.get(loser.getName()), "group", group, winner.getName()));
            }
        });
    }
}
