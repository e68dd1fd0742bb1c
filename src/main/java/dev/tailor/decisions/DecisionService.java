package dev.tailor.decisions;

import dev.tailor.decisions.Decision.Explanation;
import dev.tailor.decisions.Decision.RuleSetRef;
import dev.tailor.decisions.Decision.SegmentMembership;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.hygiene.audit.FallbackFeedback;
import dev.tailor.hygiene.audit.IssueSource;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RulesConfig;
import dev.tailor.shared.vertx.OffTheEventLoop;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Decides, at render time, which segments a customer is in and which variables personalise the message. A render
 * never fails because of Tailor: when the facts cannot be read within the facts budget, or the rules throw, overrun
 * the evaluation budget or are quarantined, the answer is the default decision (the rules applied to a customer with
 * no facts, as worked out when the revision came into service), marked degraded. Rules never run on the event loop.
 */
@ApplicationScoped
public class DecisionService {

    private final FactsStore facts;
    private final RuleEngine engine;
    private final RenderPins pins;
    private final DecisionConfig config;
    private final DecisionTimers timers;
    private final FallbackFeedback feedback;
    private final RulesConfig rules;

    public DecisionService(
            FactsStore facts,
            RuleEngine engine,
            RenderPins pins,
            DecisionConfig config,
            DecisionTimers timers,
            FallbackFeedback feedback,
            RulesConfig rules) {
        this.rules = rules;
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
                .ifNoItem()
                .after(config.factsBudget())
                .recoverWithItem(java.util.Optional.empty())
                .onFailure()
                .recoverWithItem(java.util.Optional.empty())
                .flatMap(pinned -> pinned.isPresent()
                        ? Uni.createFrom().item(pinned.get())
                        : decideNow(customerId, ruleSet, explain)
                                .flatMap(decision -> decision.degraded()
                                        ? Uni.createFrom().item(decision)
                                        : pins.pin(messageId, decision)
                                                .onFailure()
                                                .recoverWithItem(decision)));
    }

    /** Decisions for many customers (send-time pre-rendering), from one pipelined read; one per id, in order. */
    public Uni<List<Decision>> decideAll(List<String> customerIds, String ruleSetName) {
        CompiledRuleSet ruleSet = engine.require(ruleSetName);
        Executor caller = OffTheEventLoop.callerContext();
        // Evaluations of a batch queue for the pool's threads together: each may wait the batch budget.
        Duration wait = max(config.batchBudget(), rules.evaluationBudget());
        return facts.readAll(customerIds, Instant.now(), ruleSet.facts())
                .ifNoItem()
                .after(config.batchBudget())
                .fail()
                .onItemOrFailure()
                .transformToUni((customers, failure) -> {
                    if (failure != null) {
                        Log.warnf(
                                "Degraded batch of %d decisions: facts unreadable (%s)",
                                customerIds.size(), failure.toString());
                        return Uni.createFrom()
                                .item(customerIds.stream()
                                        .map(id -> byDefault(ruleSet, id))
                                        .toList());
                    }
                    return Uni.join()
                            .all(customers.stream()
                                    .map(customer -> evaluated(ruleSet, customer, false, wait, caller))
                                    .toList())
                            .andFailFast();
                });
    }

    private Uni<Decision> decideNow(String customerId, CompiledRuleSet ruleSet, boolean explain) {
        Executor caller = OffTheEventLoop.callerContext();
        return facts.read(customerId, Instant.now(), ruleSet.facts())
                .ifNoItem()
                .after(config.factsBudget())
                .fail()
                .onItemOrFailure()
                .transformToUni((customer, failure) -> {
                    if (failure != null) {
                        Log.warnf("Degraded decision: facts unreadable (%s)", failure.toString());
                        return Uni.createFrom().item(byDefault(ruleSet, customerId));
                    }
                    return evaluated(ruleSet, customer, explain, rules.evaluationBudget(), caller);
                });
    }

    /**
     * The rules' decision for a customer, evaluated on the rules' own threads; a decision that cannot fail: rules
     * that throw, overrun the budget or are quarantined give the degraded default.
     */
    private Uni<Decision> evaluated(
            CompiledRuleSet ruleSet, Customer customer, boolean explain, Duration wait, Executor caller) {
        return Uni.createFrom()
                .completionStage(() -> engine.evaluateAsync(ruleSet, customer))
                .ifNoItem()
                .after(wait)
                .fail()
                .emitOn(caller)
                .map(evaluation -> {
                    // Asked after the rules ran: a series is decoded when a rule first reads it.
                    List<String> unreadable = customer.unreadableFields();
                    if (!unreadable.isEmpty()) {
                        // Decided from part of the customer: this customer alone gets the default, and it is reported.
                        Log.warnf("Degraded decision: %d stored field(s) of a customer unreadable", unreadable.size());
                        feedback.unreadable(customer.getId(), unreadable, IssueSource.RENDER);
                        return byDefault(ruleSet, customer.getId());
                    }
                    feedback.fellBack(customer, evaluation.fallbacks());
                    return toDecision(customer.getId(), evaluation, ref(ruleSet), false, explain);
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "Degraded decision: rule set %s revision %d gave no decision (%s)",
                            ruleSet.name(), ruleSet.revision(), failure.toString());
                    return byDefault(ruleSet, customer.getId());
                });
    }

    /** The degraded default: the rule set's decision for a customer of whom nothing is known, rules not run. */
    private Decision byDefault(CompiledRuleSet ruleSet, String customerId) {
        return toDecision(customerId, engine.defaultEvaluation(ruleSet), ref(ruleSet), true, false);
    }

    private static RuleSetRef ref(CompiledRuleSet ruleSet) {
        return new RuleSetRef(ruleSet.name(), ruleSet.revision(), ruleSet.sha256());
    }

    /** Where a request's work continues after the rules: its Vert.x context, so that rule threads only run rules. */
    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Decision toDecision(
            String customerId, Evaluation evaluation, RuleSetRef ruleSet, boolean degraded, boolean explain) {
        List<SegmentMembership> segments = evaluation.segments().stream()
                .map(segment -> new SegmentMembership(
                        segment.getName(),
                        segment.getKind(),
                        segment.getGroup(),
                        segment.getGroup() == null ? null : segment.getPriority()))
                .toList();
        Explanation explanation = explain
                ? new Explanation(
                        evaluation.admitted(), evaluation.removed(), evaluation.variableRules(), evaluation.fallbacks())
                : null;
        return new Decision(customerId, segments, evaluation.variables(), ruleSet, degraded, explanation);
    }
}
