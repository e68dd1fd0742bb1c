package dev.tailor.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Counts the firings of one rule set's rules ({@code tailor.rules.fired} by rule set and rule). One instance serves
 * every session of the rule set, so each counter is registered once and then only looked up.
 */
final class FiredRulesCounter extends DefaultAgendaEventListener {

    private final String ruleSet;
    private final MeterRegistry metrics;
    private final Map<String, Counter> byRule = new ConcurrentHashMap<>();

    FiredRulesCounter(String ruleSet, MeterRegistry metrics) {
        this.ruleSet = ruleSet;
        this.metrics = metrics;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        byRule.computeIfAbsent(
                        event.getMatch().getRule().getName(),
                        rule -> Counter.builder("tailor.rules.fired")
                                .description("Rule firings")
                                .tags("ruleSet", ruleSet, "rule", rule)
                                .register(metrics))
                .increment();
    }
}
