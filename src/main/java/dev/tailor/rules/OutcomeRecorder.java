package dev.tailor.rules;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;

/**
 * Listens to one rule session and remembers which rule inserted each segment and variable and which rule
 * deleted a segment, so that every decision can explain itself.
 */
final class OutcomeRecorder extends DefaultRuleRuntimeEventListener {

    /** Segments in insertion order, and at the same index the rule that inserted each (lists: no hashing per insert). */
    final List<Segment> insertionOrder = new ArrayList<>(16);

    final List<String> insertedBy = new ArrayList<>(16);
    /** Segments deleted by a rule, with that rule; most evaluations delete none, so made on the first. */
    private Map<Segment, String> deletedBy;
    /** Variables in insertion order (a later one of the same name wins), with their rules. */
    final Map<String, Variable> variables = new LinkedHashMap<>();

    final Map<String, String> variableRules = new LinkedHashMap<>();

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        Object fact = event.getObject();
        if (fact instanceof Segment segment) {
            insertionOrder.add(segment);
            insertedBy.add(ruleName(event.getRule()));
        } else if (fact instanceof Variable variable) {
            variables.remove(variable.getName());
            variables.put(variable.getName(), variable);
            variableRules.put(variable.getName(), ruleName(event.getRule()));
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        if (event.getOldObject() instanceof Segment segment) {
            if (deletedBy == null) {
                deletedBy = new IdentityHashMap<>();
            }
            deletedBy.put(segment, ruleName(event.getRule()));
        }
    }

    boolean anyDeleted() {
        return deletedBy != null;
    }

    /** The rule that deleted {@code segment}, or null when it stands. */
    String deletedBy(Segment segment) {
        return deletedBy == null ? null : deletedBy.get(segment);
    }

    private static String ruleName(Rule rule) {
        return rule == null ? "(inserted outside a rule)" : rule.getName();
    }
}
