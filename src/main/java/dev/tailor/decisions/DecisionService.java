package dev.tailor.decisions;

import dev.tailor.decisions.Decision.RuleSetRef;
import dev.tailor.decisions.Decision.SegmentMembership;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleEngine;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Decides, at render time, which segments a customer is in and which variables personalise the message.
 * A render never fails because of Tailor: when the facts cannot be read within the budget, the answer is the
 * default decision (the rules applied to a customer with no facts), marked degraded.
 */
@ApplicationScoped
public class DecisionService {

    private final FactsStore facts;
    private final RuleEngine engine;
    private final DecisionConfig config;

    public DecisionService(FactsStore facts, RuleEngine engine, DecisionConfig config) {
        this.facts = facts;
        this.engine = engine;
        this.config = config;
    }

    public Uni<Decision> decide(String customerId) {
        CompiledRuleSet ruleSet = engine.active()
                .orElseThrow(() -> new IllegalStateException("No rule set is active yet"));
        Instant now = Instant.now();
        return facts.read(customerId, now)
                .ifNoItem().after(config.factsBudget()).fail()
                .map(customer -> decision(ruleSet, customer, false))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Degraded decision: facts unreadable (%s)", failure.toString());
                    return decision(ruleSet, facts.noFacts(customerId, now), true);
                });
    }

    private Decision decision(CompiledRuleSet ruleSet, Customer customer, boolean degraded) {
        Evaluation evaluation = engine.evaluate(ruleSet, customer);
        List<SegmentMembership> segments = evaluation.segments().stream()
                .map(segment -> new SegmentMembership(segment.getName(), segment.getKind()))
                .toList();
        return new Decision(customer.getId(), segments, evaluation.variables(),
                new RuleSetRef(ruleSet.name(), ruleSet.revision(), ruleSet.sha256()), degraded);
    }
}
