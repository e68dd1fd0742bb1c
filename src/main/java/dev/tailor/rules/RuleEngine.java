package dev.tailor.rules;

import dev.tailor.facts.Customer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Holds the active revision of every rule set and evaluates customers against them. A revision is swapped
 * atomically, so an evaluation always runs on exactly one revision.
 */
@ApplicationScoped
public class RuleEngine {

    /** How many future moments {@link #nextChange} tries before it settles for a re-check time. */
    static final int MAX_PROBES = 32;

    private final RulesConfig config;
    private final MeterRegistry metrics;
    /** tailor.rules.fired counters by rule set and rule, looked up once each: evaluation is a hot path. */
    private final Map<String, Counter> fired = new ConcurrentHashMap<>();
    /** The active revision of every rule set, replaced as a whole so readers see one consistent map. */
    private final AtomicReference<Map<String, CompiledRuleSet>> active = new AtomicReference<>(Map.of());

    public RuleEngine(RulesConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** The active revision of the default rule set. */
    public Optional<CompiledRuleSet> active() {
        return active(config.defaultSet());
    }

    public Optional<CompiledRuleSet> active(String ruleSet) {
        return Optional.ofNullable(active.get().get(ruleSet));
    }

    /** The active revision of {@code ruleSet}, or of the default one when null. */
    public CompiledRuleSet require(String ruleSet) {
        String name = ruleSet == null || ruleSet.isBlank() ? config.defaultSet() : ruleSet;
        return active(name).orElseThrow(() -> new UnknownRuleSetException(name));
    }

    /** Every active rule set, by name. */
    public Map<String, CompiledRuleSet> allActive() {
        return active.get();
    }

    /** Makes {@code ruleSet} the active revision of its name; evaluations already running finish on the old one. */
    public void activate(CompiledRuleSet ruleSet) {
        active.updateAndGet(current -> {
            Map<String, CompiledRuleSet> next = new TreeMap<>(current);
            next.put(ruleSet.name(), ruleSet);
            return Map.copyOf(next);
        });
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
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        firedCounter(ruleSet.name(), event.getMatch().getRule().getName()).increment();
                    }
                });
                session.insert(customer);
                session.fireAllRules();
            } finally {
                session.dispose();
            }
            return ConflictResolver.resolve(recorder, customer.nextChange(), customer.fallbacks());
        });
    }

    private Counter firedCounter(String ruleSet, String rule) {
        return fired.computeIfAbsent(ruleSet + "\u0000" + rule, key -> Counter.builder("tailor.rules.fired")
                .description("Rule firings").tags("ruleSet", ruleSet, "rule", rule).register(metrics));
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
