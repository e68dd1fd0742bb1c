package dev.tailor.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * A condition on the graph of the packages directly under a root (one node per feature, with all its
 * sub-packages): it reports each package pair {@code from -> to} that the graph disallows, one violation per pair.
 *
 * <p>Pairs rather than class dependencies or whole cycles, because a frozen rule must stay stable while the code
 * moves. ArchUnit's own {@code slices().should().beFreeOfCycles()} reports whole cycles listing the class
 * dependencies of each edge; frozen, that is unsound for a graph this tangled: it stops at 100 cycles (there are
 * more), so removing one edge can surface cycles never recorded, and a recorded cycle no longer matches once any
 * new class dependency joins one of its edges. Pairs on cycles are exact instead: a new cycle needs at least one
 * pair that was on no cycle before, since a cycle made only of existing pairs existed already.
 */
final class FeatureGraph extends ArchCondition<JavaClass> {

    private final String root;
    private final BiPredicate<FeatureGraph, String[]> disallowed;
    private final String consequence;
    private final Map<String, Set<String>> edges = new TreeMap<>();

    private FeatureGraph(String description, String root, BiPredicate<FeatureGraph, String[]> disallowed,
            String consequence) {
        super(description);
        this.root = root;
        this.disallowed = disallowed;
        this.consequence = consequence;
    }

    /** Disallows every dependency between two packages under {@code root} that closes a cycle. */
    static FeatureGraph cycles(String root) {
        return new FeatureGraph("depend on no package under " + root + " that depends back on theirs", root,
                (graph, pair) -> graph.reaches(pair[1], pair[0]), ", which depends back on it");
    }

    /** Disallows every dependency of {@code root.feature} on another package under {@code root}. */
    static FeatureGraph dependenciesOf(String root, String feature) {
        return new FeatureGraph("leave " + root + "." + feature + " depending on no other package under " + root,
                root, (graph, pair) -> pair[0].equals(feature), "");
    }

    @Override
    public void init(Collection<JavaClass> classes) {
        edges.clear();
        for (JavaClass origin : classes) {
            Optional<String> from = feature(origin);
            if (from.isEmpty()) {
                continue;
            }
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                feature(dependency.getTargetClass()).filter(to -> !to.equals(from.get()))
                        .ifPresent(to -> edges.computeIfAbsent(from.get(), f -> new TreeSet<>()).add(to));
            }
        }
    }

    @Override
    public void check(JavaClass item, ConditionEvents events) {
        // Judged on the whole graph, in finish.
    }

    @Override
    public void finish(ConditionEvents events) {
        edges.forEach((from, targets) -> targets.stream()
                .filter(to -> disallowed.test(this, new String[] {from, to}))
                .forEach(to -> events.add(SimpleConditionEvent.violated(from + " -> " + to,
                        root + "." + from + " depends on " + root + "." + to + consequence))));
    }

    private boolean reaches(String start, String goal) {
        Set<String> seen = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(Set.of(start));
        while (!next.isEmpty()) {
            String node = next.pop();
            if (node.equals(goal)) {
                return true;
            }
            if (seen.add(node)) {
                next.addAll(edges.getOrDefault(node, Set.of()));
            }
        }
        return false;
    }

    private Optional<String> feature(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.startsWith(root + ".")) {
            return Optional.empty();
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
