package dev.tailor.rules;

import dev.tailor.facts.Customer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.kie.api.runtime.KieSession;

/**
 * Holds the active compiled rule set and evaluates customers against it. The active set is swapped atomically,
 * so an evaluation always runs on exactly one revision.
 */
@ApplicationScoped
public class RuleEngine {

    private final AtomicReference<CompiledRuleSet> active = new AtomicReference<>();

    public Optional<CompiledRuleSet> active() {
        return Optional.ofNullable(active.get());
    }

    public void activate(CompiledRuleSet ruleSet) {
        active.set(ruleSet);
    }

    /** Runs the rules on one customer in a fresh session, which is always disposed. */
    public Evaluation evaluate(CompiledRuleSet ruleSet, Customer customer) {
        return DroolsContext.call(() -> {
            KieSession session = ruleSet.kieBase().newKieSession();
            try {
                session.insert(customer);
                session.fireAllRules();
                List<Segment> segments = new ArrayList<>();
                Map<String, Object> variables = new LinkedHashMap<>();
                for (Object fact : session.getObjects()) {
                    if (fact instanceof Segment segment) {
                        segments.add(segment);
                    } else if (fact instanceof Variable variable) {
                        variables.put(variable.getName(), variable.getValue());
                    }
                }
                segments.sort(Comparator.comparing(Segment::getName));
                return new Evaluation(List.copyOf(segments), variables);
            } finally {
                session.dispose();
            }
        });
    }
}
