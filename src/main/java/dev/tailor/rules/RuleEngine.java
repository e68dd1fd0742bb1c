package dev.tailor.rules;

import dev.tailor.facts.Customer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.kie.api.runtime.KieSession;

/**
 * Holds the active compiled rule set and evaluates customers against it. The active set is swapped atomically,
 * so an evaluation always runs on exactly one revision.
 */
@ApplicationScoped
public class RuleEngine {

    /** How many future moments {@link #nextChange} tries before it settles for a re-check time. */
    static final int MAX_PROBES = 32;

    private final AtomicReference<CompiledRuleSet> active = new AtomicReference<>();

    public Optional<CompiledRuleSet> active() {
        return Optional.ofNullable(active.get());
    }

    public void activate(CompiledRuleSet ruleSet) {
        active.set(ruleSet);
    }

    /**
     * Runs the rules on one customer in a fresh session, which is always disposed, then resolves exclusions,
     * suppressions and group conflicts.
     */
    public Evaluation evaluate(CompiledRuleSet ruleSet, Customer customer) {
        return DroolsContext.call(() -> {
            KieSession session = ruleSet.kieBase().newKieSession();
            OutcomeRecorder recorder = new OutcomeRecorder();
            try {
                session.addEventListener(recorder);
                session.insert(customer);
                session.fireAllRules();
            } finally {
                session.dispose();
            }
            return ConflictResolver.resolve(recorder, customer.nextChange());
        });
    }

    /**
     * When the outcome {@code current} (made for {@code customer} at its moment) next changes with no new event:
     * the rules are re-run at each moment a value they read changes, until the outcome differs. After
     * {@link #MAX_PROBES} unchanged moments the last one is answered, as a time to look again.
     */
    public Optional<Instant> nextChange(CompiledRuleSet ruleSet, Customer customer, Evaluation current) {
        Optional<Instant> candidate = current.nextChange();
        for (int probe = 0; candidate.isPresent() && probe < MAX_PROBES; probe++) {
            Evaluation then = evaluate(ruleSet, customer.at(candidate.get()));
            if (!sameOutcome(current, then)) {
                return candidate;
            }
            if (then.nextChange().isEmpty()) {
                return Optional.empty();
            }
            candidate = then.nextChange();
        }
        return candidate;
    }

    static boolean sameOutcome(Evaluation a, Evaluation b) {
        return a.segmentNames().equals(b.segmentNames()) && Objects.equals(a.variables(), b.variables());
    }
}
