package dev.tailor.decisions;

import dev.tailor.decisions.Decision.Explanation;
import dev.tailor.decisions.Decision.RuleSetRef;
import dev.tailor.decisions.Decision.SegmentMembership;
import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleEngine;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides which segments a customer is in and which variables personalise the message.
 *
 * <p>At render time ({@link #decide}) a failure inside Tailor never fails the email: when the facts cannot be
 * read within the budget, the answer is the default decision (the rules applied to a customer with no facts),
 * marked degraded. After every event and whenever time alone may have moved a decision ({@link #refresh}), the
 * decision is recorded, its next change is put on the due-time index, and a change is announced once.
 */
@ApplicationScoped
public class DecisionService {

    private final FactsStore facts;
    private final RuleEngine engine;
    private final DecisionStateStore states;
    private final DecisionConfig config;
    private final Event<SegmentsChanged> changes;

    public DecisionService(FactsStore facts, RuleEngine engine, DecisionStateStore states, DecisionConfig config,
            Event<SegmentsChanged> changes) {
        this.facts = facts;
        this.engine = engine;
        this.states = states;
        this.config = config;
        this.changes = changes;
    }

    /** The decision of {@code ruleSet} (the default one when null) for a customer, now. */
    public Uni<Decision> decide(String customerId, String ruleSetName, boolean explain) {
        CompiledRuleSet ruleSet = engine.require(ruleSetName);
        Instant now = Instant.now();
        return facts.read(customerId, now, ruleSet.facts())
                .ifNoItem().after(config.factsBudget()).fail()
                .map(customer -> decision(ruleSet, customer, false, explain))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Degraded decision: facts unreadable (%s)", failure.toString());
                    return decision(ruleSet, facts.noFacts(customerId, now, ruleSet.facts()), true, explain);
                });
    }

    /**
     * Re-decides a customer now under every active rule set: records each decision if it was made from the latest
     * facts, puts its next change on the due-time index, and announces each change of segments once.
     */
    public Uni<List<SegmentsChanged>> refresh(String customerId, Cause cause) {
        List<Uni<Optional<SegmentsChanged>>> refreshed = engine.allActive().values().stream()
                .map(ruleSet -> refresh(customerId, ruleSet, cause))
                .toList();
        if (refreshed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(refreshed).andFailFast()
                .map(changes -> changes.stream().flatMap(Optional::stream).toList());
    }

    private Uni<Optional<SegmentsChanged>> refresh(String customerId, CompiledRuleSet ruleSet, Cause cause) {
        Instant now = Instant.now();
        return facts.read(customerId, now, ruleSet.facts()).flatMap(customer -> {
            Evaluation evaluation = engine.evaluate(ruleSet, customer);
            Optional<Instant> next = engine.nextChange(ruleSet, customer, evaluation);
            List<String> segments = evaluation.segmentNames();
            return states.record(customerId, ruleSet.name(), customer.getVersion(), now, segments)
                    .flatMap(recorded -> {
                        if (!recorded.accepted()) {
                            return Uni.createFrom().item(Optional.<SegmentsChanged>empty());
                        }
                        Uni<Void> indexed = next.isPresent() ? states.dueNoLaterThan(customerId, next.get())
                                : Uni.createFrom().voidItem();
                        List<String> before = recorded.previous().orElse(List.of());
                        Optional<SegmentsChanged> change = before.equals(segments) ? Optional.empty()
                                : Optional.of(new SegmentsChanged(customerId, ruleSet.name(), ruleSet.revision(),
                                        minus(segments, before), minus(before, segments), segments, cause, now));
                        return indexed.replaceWith(change);
                    });
        }).invoke(change -> change.ifPresent(changed -> {
            Log.debugf("Segments of %s changed (%s): +%s -%s", customerId, cause, changed.entered(),
                    changed.exited());
            changes.fire(changed);
        }));
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(item -> !b.contains(item)).toList();
    }

    private Decision decision(CompiledRuleSet ruleSet, Customer customer, boolean degraded, boolean explain) {
        Evaluation evaluation = engine.evaluate(ruleSet, customer);
        List<SegmentMembership> segments = evaluation.segments().stream()
                .map(segment -> new SegmentMembership(segment.getName(), segment.getKind(), segment.getGroup(),
                        segment.getGroup() == null ? null : segment.getPriority()))
                .toList();
        Explanation explanation = explain
                ? new Explanation(evaluation.admitted(), evaluation.removed(), evaluation.variableRules())
                : null;
        return new Decision(customer.getId(), segments, evaluation.variables(),
                new RuleSetRef(ruleSet.name(), ruleSet.revision(), ruleSet.sha256()), degraded, explanation);
    }
}
