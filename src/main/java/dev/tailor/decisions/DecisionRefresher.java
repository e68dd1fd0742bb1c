package dev.tailor.decisions;

import dev.tailor.decisions.SegmentsChanged.Cause;
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
 * Re-decides customers after every event and whenever time alone may have moved their decision: records each
 * decision if it was made from the latest facts, puts its next change on the due-time index, and announces each
 * change of segments once: on {@code tailor.segment-changes.v1} (after Kafka acknowledged) and as a CDI event
 * ({@link SegmentsChanged}).
 */
@ApplicationScoped
public class DecisionRefresher {

    private final FactsStore facts;
    private final RuleEngine engine;
    private final DecisionStateStore states;
    private final Event<SegmentsChanged> changes;
    private final SegmentChangePublisher publisher;

    public DecisionRefresher(FactsStore facts, RuleEngine engine, DecisionStateStore states,
            Event<SegmentsChanged> changes, SegmentChangePublisher publisher) {
        this.publisher = publisher;
        this.facts = facts;
        this.engine = engine;
        this.states = states;
        this.changes = changes;
    }

    /** Re-decides a customer now under every active rule set; emits the changes announced. */
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

    /**
     * Kept in the decision record until Kafka acknowledged it: if publishing fails, the next decision of this
     * customer publishes it again (same changeId, so receivers can drop a repeat).
     */
    private Uni<Void> announce(String customerId, CompiledRuleSet ruleSet, SegmentsChanged change) {
        String payload = publisher.serialize(change);
        return states.unpublished(customerId, ruleSet.name(), payload)
                .flatMap(ignored -> publisher.publish(customerId, payload))
                .flatMap(ignored -> states.published(customerId, ruleSet.name()));
    }

    private Uni<Void> republish(String customerId, CompiledRuleSet ruleSet, Optional<String> unpublished) {
        if (unpublished.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Log.infof("Publishing a segment change of rule set %s that was not confirmed before", ruleSet.name());
        return publisher.publish(customerId, unpublished.get())
                .flatMap(ignored -> states.published(customerId, ruleSet.name()));
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
                                : Optional.of(SegmentsChanged.of(customerId, ruleSet, customer.getVersion(),
                                        before, segments, cause, now));
                        return indexed
                                .flatMap(ignored -> republish(customerId, ruleSet, recorded.unpublished()))
                                .flatMap(ignored -> change.isPresent() ? announce(customerId, ruleSet, change.get())
                                        : Uni.createFrom().voidItem())
                                .replaceWith(change);
                    });
        }).invoke(change -> change.ifPresent(changed -> {
            Log.debugf("Segments of %s changed (%s): +%s -%s", customerId, cause, changed.entered(),
                    changed.exited());
            changes.fire(changed);
        }));
    }
}
