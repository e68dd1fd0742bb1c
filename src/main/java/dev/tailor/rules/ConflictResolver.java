package dev.tailor.rules;

import dev.tailor.facts.TraitFallback;
import dev.tailor.rules.Evaluation.Admission;
import dev.tailor.rules.Evaluation.Removal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what the rules asserted into the decision's outcome: exclusions (segments a rule deleted), then global
 * suppressions (every marketing segment goes, transactional ones stay), then one winner per mutually exclusive
 * group. Each removal keeps its reason.
 */
final class ConflictResolver {

    private static final Comparator<Segment> GROUP_ORDER = Comparator.comparingInt(Segment::getPriority).reversed()
            .thenComparing(Segment::getName);

    private ConflictResolver() {}

    static Evaluation resolve(OutcomeRecorder recorded, Optional<Instant> nextChange, List<TraitFallback> fallbacks) {
        // Several rules may assert one segment: it stands once, citing them all, at its highest priority.
        Map<String, List<String>> rulesBySegment = new LinkedHashMap<>();
        Map<String, Segment> standing = new LinkedHashMap<>();
        List<Removal> removed = new ArrayList<>();
        for (Segment segment : recorded.insertionOrder) {
            rulesBySegment.computeIfAbsent(segment.getName(), n -> new ArrayList<>()).add(recorded.inserted.get(segment));
        }
        for (Segment segment : recorded.insertionOrder) {
            String excludedBy = recorded.deletedBy.get(segment);
            if (excludedBy != null) {
                continue;
            }
            standing.merge(segment.getName(), segment,
                    (kept, other) -> other.getPriority() > kept.getPriority() ? other : kept);
        }
        for (Segment segment : recorded.insertionOrder) {
            String excludedBy = recorded.deletedBy.get(segment);
            if (excludedBy != null && !standing.containsKey(segment.getName())
                    && removed.stream().noneMatch(r -> r.segment().equals(segment.getName()))) {
                removed.add(new Removal(segment.getName(), rulesBySegment.get(segment.getName()), "rule", excludedBy,
                        null));
            }
        }

        standing.values().stream().filter(Segment::isSuppression).findFirst().ifPresent(suppression -> {
            for (Segment segment : List.copyOf(standing.values())) {
                if (segment.isMarketing()) {
                    standing.remove(segment.getName());
                    removed.add(new Removal(segment.getName(), rulesBySegment.get(segment.getName()), "suppression",
                            suppression.getName(), null));
                }
            }
        });

        Map<String, List<Segment>> groups = new LinkedHashMap<>();
        standing.values().stream().filter(segment -> segment.getGroup() != null)
                .forEach(segment -> groups.computeIfAbsent(segment.getGroup(), g -> new ArrayList<>()).add(segment));
        groups.forEach((group, members) -> {
            members.sort(GROUP_ORDER);
            Segment winner = members.get(0);
            for (Segment loser : members.subList(1, members.size())) {
                standing.remove(loser.getName());
                removed.add(new Removal(loser.getName(), rulesBySegment.get(loser.getName()), "group", group,
                        winner.getName()));
            }
        });

        List<Segment> segments = standing.values().stream().sorted(Comparator.comparing(Segment::getName)).toList();
        List<Admission> admitted = segments.stream()
                .map(segment -> new Admission(segment.getName(), List.copyOf(rulesBySegment.get(segment.getName()))))
                .toList();
        Map<String, Object> variables = new LinkedHashMap<>();
        recorded.variables.forEach((name, variable) -> variables.put(name, variable.getValue()));
        removed.sort(Comparator.comparing(Removal::segment));
        return new Evaluation(segments, java.util.Collections.unmodifiableMap(variables), admitted, List.copyOf(removed),
                Map.copyOf(recorded.variableRules), nextChange, fallbacks);
    }
}
