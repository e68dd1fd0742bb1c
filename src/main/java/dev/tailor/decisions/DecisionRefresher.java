package dev.tailor.decisions;

import dev.tailor.decisions.DecisionStateStore.Made;
import dev.tailor.decisions.DecisionStateStore.Recorded;
import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.hygiene.audit.FallbackFeedback;
import dev.tailor.hygiene.audit.IssueSource;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RuleEngine.Decided;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-decides customers after their events and whenever time alone may have moved their decision: records each
 * decision if it was made from the latest facts, puts its next change on the due-time index, and announces each
 * change of segments once: on {@code tailor.segment-changes.v1} (after Kafka acknowledged) and as a CDI event
 * ({@link SegmentsChanged}).
 *
 * <p>Customers are re-decided in bulk: per rule set, one pipelined read of all their facts, the evaluations (on the
 * rules' own threads, each customer on its own: one whose rules fail is handed to {@link FailedDecisions} to be
 * tried again after a backoff, and the rest of the batch goes on), one pipelined record, one round trip of bookkeeping, the changes sent to Kafka together and their acknowledgements
 * awaited together. A change is kept in the decision record ("p") from before it is sent until Kafka has it, so
 * a failure anywhere is repaired by the customer's next decision (same changeId, so receivers can drop a repeat).
 */
@ApplicationScoped
public class DecisionRefresher {

    private final FactsStore facts;
    private final RuleEngine engine;
    private final DecisionStateStore states;
    private final Event<SegmentsChanged> changes;
    private final SegmentChangePublisher publisher;
    private final FailedDecisions failed;
    private final FallbackFeedback feedback;

    public DecisionRefresher(
            FactsStore facts,
            RuleEngine engine,
            DecisionStateStore states,
            Event<SegmentsChanged> changes,
            SegmentChangePublisher publisher,
            FailedDecisions failed,
            FallbackFeedback feedback) {
        this.failed = failed;
        this.feedback = feedback;
        this.publisher = publisher;
        this.facts = facts;
        this.engine = engine;
        this.states = states;
        this.changes = changes;
    }

    /** Re-decides a customer now under every active rule set; emits the changes announced. */
    public Uni<List<SegmentsChanged>> refresh(String customerId, Cause cause) {
        return refreshAll(List.of(customerId), cause);
    }

    /**
     * Re-decides customers now under every active rule set; emits the changes announced. Completes once every
     * change is acknowledged by Kafka; fails if any step fails, and may then be run again.
     */
    public Uni<List<SegmentsChanged>> refreshAll(List<String> customerIds, Cause cause) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(customerIds));
        // A quarantined revision's rules do not run: its customers' last recorded decisions stand, and counting them
        // as failed would retry and report every customer for as long as the quarantine lasts.
        List<Uni<List<SegmentsChanged>>> refreshed = engine.allActive().values().stream()
                .filter(ruleSet -> !engine.isQuarantined(ruleSet))
                .map(ruleSet -> refreshAll(distinct, ruleSet, cause))
                .toList();
        if (refreshed.isEmpty() || distinct.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join()
                .all(refreshed)
                .andFailFast()
                .map(perRuleSet -> perRuleSet.stream().flatMap(List::stream).toList());
    }

    private Uni<List<SegmentsChanged>> refreshAll(List<String> customerIds, CompiledRuleSet ruleSet, Cause cause) {
        Instant now = Instant.now();
        return facts.readAll(customerIds, now, ruleSet.facts())
                .flatMap(customers -> decideEach(ruleSet, customers))
                // Off the rule threads, which only run rules.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(attempts -> {
                    List<Made> made = new ArrayList<>(attempts.size());
                    Map<String, Instant> nextChanges = new HashMap<>();
                    List<FailedDecisions.Failure> failures = new ArrayList<>();
                    for (Attempt attempt : attempts) {
                        String customerId = attempt.customer().getId();
                        // Asked after the rules ran (series are decoded when first read). A decision from part of
                        // a customer is not recorded nor announced: the customer is reported, and its last
                        // recorded decision stands until its facts are rebuilt.
                        List<String> unreadable = attempt.customer().unreadableFields();
                        if (!unreadable.isEmpty()) {
                            feedback.unreadable(customerId, unreadable, IssueSource.REDECISION);
                            continue;
                        }
                        if (attempt.failure() != null) {
                            failures.add(new FailedDecisions.Failure(customerId, ruleSet.name(), attempt.failure()));
                            continue;
                        }
                        attempt.decided().nextChange().ifPresent(next -> nextChanges.put(customerId, next));
                        made.add(new Made(
                                customerId,
                                ruleSet.name(),
                                attempt.customer().getVersion(),
                                now,
                                attempt.decided().evaluation().segmentNames()));
                    }
                    Uni<List<SegmentsChanged>> recorded = made.isEmpty()
                            ? Uni.createFrom().item(List.of())
                            : states.recordAll(made)
                                    .flatMap(outcomes -> announce(ruleSet, cause, now, made, outcomes, nextChanges));
                    return failed.failed(failures).flatMap(ignored -> recorded);
                })
                .invoke(announced -> announced.forEach(changed -> {
                    Log.debugf(
                            "Segments of %s changed (%s): +%s -%s",
                            changed.customerId(), cause, changed.entered(), changed.exited());
                    changes.fire(changed);
                }));
    }

    /** One customer's re-decision: what the rules decided, or why they did not. */
    private record Attempt(Customer customer, Decided decided, Throwable failure) {}

    /**
     * Every customer's evaluation on the rules' threads, each on its own: one whose rules throw or overrun fails
     * alone, and the others' decisions stand.
     */
    private Uni<List<Attempt>> decideEach(CompiledRuleSet ruleSet, List<Customer> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join()
                .all(customers.stream()
                        .map(customer -> Uni.createFrom()
                                .completionStage(() -> engine.decideAsync(ruleSet, customer))
                                .onItemOrFailure()
                                .transform((decided, failure) -> new Attempt(customer, decided, failure)))
                        .toList())
                .andFailFast();
    }

    /** Everything after the record, for the decisions it accepted (a stale one belongs to a later writer). */
    private Uni<List<SegmentsChanged>> announce(
            CompiledRuleSet ruleSet,
            Cause cause,
            Instant now,
            List<Made> made,
            List<Recorded> recorded,
            Map<String, Instant> nextChanges) {
        Map<String, String> unconfirmed = new LinkedHashMap<>();
        Map<String, String> payloads = new LinkedHashMap<>();
        Map<String, Instant> dues = new HashMap<>();
        List<SegmentsChanged> changed = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            Recorded outcome = recorded.get(i);
            if (!outcome.accepted()) {
                continue;
            }
            Made decision = made.get(i);
            String customerId = decision.customerId();
            if (nextChanges.containsKey(customerId)) {
                dues.put(customerId, nextChanges.get(customerId));
            }
            outcome.unpublished().ifPresent(change -> unconfirmed.put(customerId, change));
            List<String> before = outcome.previous().orElse(List.of());
            if (!before.equals(decision.segments())) {
                SegmentsChanged change = SegmentsChanged.of(
                        customerId, ruleSet, decision.factsVersion(), before, decision.segments(), cause, now);
                changed.add(change);
                payloads.put(customerId, publisher.serialize(change));
            }
        }
        if (!unconfirmed.isEmpty()) {
            Log.infof(
                    "Publishing %d segment change(s) of rule set %s that were not confirmed before",
                    unconfirmed.size(), ruleSet.name());
        }
        Set<String> sent = new LinkedHashSet<>(unconfirmed.keySet());
        sent.addAll(payloads.keySet());
        // Older changes first, so that each customer's changes reach Kafka in order; the field keeping one is only
        // overwritten by a newer change once Kafka has the older.
        return publisher
                .publishAll(unconfirmed)
                .flatMap(ignored -> states.keep(ruleSet.name(), payloads, dues))
                .flatMap(ignored -> publisher.publishAll(payloads))
                .flatMap(ignored -> states.publishedAll(ruleSet.name(), sent))
                .replaceWith(changed);
    }
}
