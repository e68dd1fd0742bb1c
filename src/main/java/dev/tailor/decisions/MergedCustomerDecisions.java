package dev.tailor.decisions;

import dev.tailor.events.ProfilesMerged;
import dev.tailor.rules.RuleEngine;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A customer merged into another has no decisions of its own any more: its records and due-time entry go (the
 * survivor is re-decided after the event that merged them). Best effort: a record left behind is never read.
 */
@ApplicationScoped
public class MergedCustomerDecisions {

    private final DecisionStateStore states;
    private final RuleEngine engine;

    public MergedCustomerDecisions(DecisionStateStore states, RuleEngine engine) {
        this.states = states;
        this.engine = engine;
    }

    void onMerge(@Observes ProfilesMerged merge) {
        states.forget(merge.merged(), engine.allActive().keySet())
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.warnf("Decisions of a merged customer not removed: %s", failure.getMessage()));
    }
}
