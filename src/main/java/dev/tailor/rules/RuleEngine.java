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
import io.micrometer.core.instrument.MeterRegistry;
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
    /** The tailor.rules.fired counters of each rule set, shared by all its sessions. */
    private final Map<String, FiredRulesCounter> fired = new ConcurrentHashMap<>();
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
     * Runs the rules on one customer in a session borrowed from the revision's pool (a reset session costs far
     * less than a new one), which always goes back empty, then resolves exclusions, suppressions and group
     * conflicts.
     */
    public Evaluation evaluate(CompiledRuleSet ruleSet, Customer customer) {
        FiredRulesCounter counter = fired.computeIfAbsent(ruleSet.name(), name -> new FiredRulesCounter(name, metrics));
        return DroolsContext.call(() -> {
            KieSession session = ruleSet.newSession();
            OutcomeRecorder recorder = new OutcomeRecorder();
            session.addEventListener(recorder);
            session.addEventListener(counter);
            try {
                session.insert(customer);
                session.fireAllRules();
            } finally {
                // A pooled session keeps its listeners across uses: take this evaluation's off before it goes back.
                session.removeEventListener(recorder);
                session.removeEventListener(counter);
                session.dispose();
            }
            return ConflictResolver.resolve(recorder, customer.nextChange(), customer.fallbacks());
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
