package dev.tailor.decisions;

import dev.tailor.decisions.Decision.Explanation;
import dev.tailor.decisions.Decision.RuleSetRef;
import dev.tailor.decisions.Decision.SegmentMembership;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.hygiene.audit.FallbackFeedback;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleEngine;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides, at render time, which segments a customer is in and which variables personalise the message. A render
 * never fails because of Tailor: when the facts cannot be read within the budget, or a rule throws, the answer is
 * the default decision (the rules applied to a customer with no facts), marked degraded.
 */
@ApplicationScoped
public class DecisionService {

    private final FactsStore facts;
    private final RuleEngine engine;
    private final RenderPins pins;
    private final DecisionConfig config;
    private final DecisionTimers timers;
    private final FallbackFeedback feedback;

    public DecisionService(FactsStore facts, RuleEngine engine, RenderPins pins, DecisionConfig config,
            DecisionTimers timers, FallbackFeedback feedback) {
        this.facts = facts;
        this.engine = engine;
        this.pins = pins;
        this.config = config;
        this.timers = timers;
        this.feedback = feedback;
    }

    /**
     * The decision of {@code ruleSet} (the default one when null) for a customer, now; with a {@code messageId},
     * the decision first made for that message.
     */
    public Uni<Decision> decide(String customerId, String ruleSetName, boolean explain, String messageId) {
        long started = System.nanoTime();
        return decideUntimed(customerId, ruleSetName, explain, messageId).map(d -> timers.record(d, started));
    }

    private Uni<Decision> decideUntimed(String customerId, String ruleSetName, boolean explain, String messageId) {
        CompiledRuleSet ruleSet = engine.require(ruleSetName);
        if (messageId == null || messageId.isBlank()) {
            return decideNow(customerId, ruleSet, explain);
        }
        return pins.pinned(customerId, ruleSet.name(), messageId)
                .ifNoItem().after(config.factsBudget()).recoverWithItem(java.util.Optional.empty())
                .onFailure().recoverWithItem(java.util.Optional.empty())
                .flatMap(pinned -> pinned.isPresent() ? Uni.createFrom().item(pinned.get())
                        : decideNow(customerId, ruleSet, explain).flatMap(decision -> decision.degraded()
                                ? Uni.createFrom().item(decision)
                                : pins.pin(messageId, decision).onFailure().recoverWithItem(decision)));
    }

    /** Decisions for many customers (send-time pre-rendering), from one pipelined read; one per id, in order. */
    public Uni<List<Decision>> decideAll(List<String> customerIds, String ruleSetName) {
        CompiledRuleSet ruleSet = engine.require(ruleSetName);
        Instant now = Instant.now();
        return facts.readAll(customerIds, now, ruleSet.facts())
                .ifNoItem().after(config.batchBudget()).fail()
                .map(customers -> customers.stream().map(customer -> decision(ruleSet, customer, false)).toList())
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Degraded batch of %d decisions: facts unreadable (%s)", customerIds.size(),
                            failure.toString());
                    return customerIds.stream()
                            .map(id -> decision(ruleSet, facts.noFacts(id, now, ruleSet.facts()), true)).toList();
                });
    }

    private Uni<Decision> decideNow(String customerId, CompiledRuleSet ruleSet, boolean explain) {
        Instant now = Instant.now();
        return facts.read(customerId, now, ruleSet.facts())
                .ifNoItem().after(config.factsBudget()).fail()
                .map(customer -> explained(ruleSet, customer, explain))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Degraded decision: facts unreadable (%s)", failure.toString());
                    return decision(ruleSet, facts.noFacts(customerId, now, ruleSet.facts()), true);
                });
    }

    private Decision explained(CompiledRuleSet ruleSet, Customer customer, boolean explain) {
        return explain ? evaluated(ruleSet, customer, false, true) : decision(ruleSet, customer, false);
    }

    /** A decision that cannot fail: a rule that throws falls back to the default, and that to no segments. */
    private Decision decision(CompiledRuleSet ruleSet, Customer customer, boolean degraded) {
        return evaluated(ruleSet, customer, degraded, false);
    }

    private Decision evaluated(CompiledRuleSet ruleSet, Customer customer, boolean degraded, boolean explain) {
        RuleSetRef ref = new RuleSetRef(ruleSet.name(), ruleSet.revision(), ruleSet.sha256());
        try {
            Evaluation evaluation = engine.evaluate(ruleSet, customer);
            if (!degraded) {
                feedback.fellBack(customer, evaluation.fallbacks());
            }
            return toDecision(customer.getId(), evaluation, ref, degraded, explain);
        } catch (RuntimeException ruleFailure) {
            Log.warnf("Degraded decision: rule set %s revision %d failed (%s)", ruleSet.name(), ruleSet.revision(),
                    ruleFailure.toString());
            try {
                Customer nobody = facts.noFacts(customer.getId(), customer.getNow(), ruleSet.facts());
                return toDecision(customer.getId(), engine.evaluate(ruleSet, nobody), ref, true, false);
            } catch (RuntimeException defaultFailure) {
                return new Decision(customer.getId(), List.of(), Map.of(), ref, true, null);
            }
        }
    }

    private static Decision toDecision(String customerId, Evaluation evaluation, RuleSetRef ruleSet,
            boolean degraded, boolean explain) {
        List<SegmentMembership> segments = evaluation.segments().stream()
                .map(segment -> new SegmentMembership(segment.getName(), segment.getKind(), segment.getGroup(),
                        segment.getGroup() == null ? null : segment.getPriority()))
                .toList();
        Explanation explanation = explain
                ? new Explanation(evaluation.admitted(), evaluation.removed(), evaluation.variableRules(),
                        evaluation.fallbacks())
                : null;
        return new Decision(customerId, segments, evaluation.variables(), ruleSet, degraded, explanation);
    }
}
