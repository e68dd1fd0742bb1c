package dev.tailor.rules;

import dev.tailor.facts.Customer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.kie.api.runtime.KieSession;

/**
 * Holds the active revision of every rule set and evaluates customers against them. A revision is swapped
 * atomically, so an evaluation always runs on exactly one revision.
 *
 * <p>Rules are user code: every evaluation runs on the {@link EvaluationPool} under {@code abandon-after}, and
 * fails (an {@link EvaluationFailedException}, or the rule's own exception) instead of holding its caller. An
 * active revision whose evaluations overrun or throw {@code quarantine.threshold} times within
 * {@code quarantine.window} stops running on this node at once and is announced as a {@link RevisionFailing}, which
 * takes it out of service everywhere.
 */
@ApplicationScoped
public class RuleEngine {

    /** How many future moments {@link #nextChange} tries before it settles for a re-check time. */
    static final int MAX_PROBES = 32;
    /** How long a blocking caller waits for its evaluation to end (queue and run) before it gives up. */
    private static final Duration QUEUE_PATIENCE = Duration.ofSeconds(10);

    /** An evaluation and when its outcome next changes with no new event. */
    public record Decided(Evaluation evaluation, Optional<Instant> nextChange) {}

    private final RulesConfig config;
    private final MeterRegistry metrics;
    private final Consumer<RevisionFailing> failing;
    private final EvaluationPool pool;
    private final RevisionHealth health;
    /** The tailor.rules.fired counters of each rule set, shared by all its sessions. */
    private final Map<String, FiredRulesCounter> fired = new ConcurrentHashMap<>();
    /** The active revision of every rule set, replaced as a whole so readers see one consistent map. */
    private final AtomicReference<Map<String, CompiledRuleSet>> active = new AtomicReference<>(Map.of());
    /** Revisions whose rules are not run (quarantined), by id. */
    private final Set<Long> quarantined = ConcurrentHashMap.newKeySet();
    /** The default decision (the rules on a customer with no facts) of each revision in service, by id. */
    private final Map<Long, Evaluation> defaults = new ConcurrentHashMap<>();

    @Inject
    public RuleEngine(RulesConfig config, MeterRegistry metrics, Event<RevisionFailing> failing) {
        this(config, metrics, failing::fireAsync);
    }

    /** An engine outside CDI (benchmarks, tools): {@code failing} hears of revisions that fail past the threshold. */
    public RuleEngine(RulesConfig config, MeterRegistry metrics, Consumer<RevisionFailing> failing) {
        this.config = config;
        this.metrics = metrics;
        this.failing = failing;
        this.pool = new EvaluationPool(
                config.evaluationThreads(),
                config.evaluationQueue(),
                config.maxAbandonedThreads(),
                config.abandonAfter(),
                config.stopAbandonedAfter());
        this.health = new RevisionHealth(
                config.quarantine().threshold(), config.quarantine().window());
        Gauge.builder("tailor.rules.evaluation.stuck", pool, EvaluationPool::stuck)
                .description("Rule evaluations abandoned past their deadline that still hold a thread")
                .register(metrics);
        Gauge.builder("tailor.rules.evaluation.threads", pool, EvaluationPool::size)
                .description("Threads of the rule evaluation pool")
                .register(metrics);
    }

    @PreDestroy
    void shutdown() {
        pool.shutdown();
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

    /**
     * Makes {@code ruleSet} the active revision of its name, answering {@code byDefault} (its rules on a customer
     * with no facts) when its rules cannot be run; evaluations already running finish on the old one.
     */
    public void activate(CompiledRuleSet ruleSet, Evaluation byDefault) {
        defaults.put(ruleSet.revision(), byDefault);
        quarantined.remove(ruleSet.revision());
        health.forget(ruleSet.revision());
        swapIn(ruleSet);
    }

    /**
     * Makes {@code ruleSet} the active revision of its name without running its rules: every decision of it is the
     * degraded default (no segments, no variables, unless an earlier default of the revision is known).
     */
    public void activateQuarantined(CompiledRuleSet ruleSet) {
        quarantined.add(ruleSet.revision());
        swapIn(ruleSet);
    }

    private void swapIn(CompiledRuleSet ruleSet) {
        Map<String, CompiledRuleSet> before = active.getAndUpdate(current -> {
            Map<String, CompiledRuleSet> next = new TreeMap<>(current);
            next.put(ruleSet.name(), ruleSet);
            return Map.copyOf(next);
        });
        CompiledRuleSet replaced = before.get(ruleSet.name());
        if (replaced != null && replaced.revision() != ruleSet.revision()) {
            defaults.remove(replaced.revision());
        }
    }

    /** Whether the rules of {@code ruleSet}'s revision are out of service on this node. */
    public boolean isQuarantined(CompiledRuleSet ruleSet) {
        return quarantined.contains(ruleSet.revision());
    }

    /** Stops running the rules of a revision on this node. */
    public void quarantine(long revision) {
        quarantined.add(revision);
    }

    /** The decision of {@code ruleSet} for a customer of whom nothing is known, made without running its rules. */
    public Evaluation defaultEvaluation(CompiledRuleSet ruleSet) {
        Evaluation known = defaults.get(ruleSet.revision());
        if (known != null) {
            return known;
        }
        // Never run: still every declared variable, at its default.
        return new Evaluation(
                List.of(),
                ruleSet.variables().complete(Map.of()),
                List.of(),
                List.of(),
                Map.of(),
                Optional.empty(),
                List.of());
    }

    /**
     * Runs the rules on one customer, guarded (see the class comment); blocking, never on the event loop. Fails with
     * an {@link EvaluationFailedException} or the rules' own exception.
     */
    public Evaluation evaluate(CompiledRuleSet ruleSet, Customer customer) {
        return await(evaluateAsync(ruleSet, customer));
    }

    /** {@link #evaluate} without waiting: the answer completes on a pool thread. */
    public CompletableFuture<Evaluation> evaluateAsync(CompiledRuleSet ruleSet, Customer customer) {
        return guarded(ruleSet, true, job -> run(ruleSet, customer, job));
    }

    /** An evaluation and its next change (see {@link #nextChange}) as one guarded evaluation, without waiting. */
    public CompletableFuture<Decided> decideAsync(CompiledRuleSet ruleSet, Customer customer) {
        return guarded(ruleSet, true, job -> {
            Evaluation evaluation = run(ruleSet, customer, job);
            return new Decided(evaluation, probe(ruleSet, customer, evaluation, job));
        });
    }

    /**
     * When the outcome {@code current} (made for {@code customer} at its moment) next changes with no new event:
     * the rules are re-run at each moment a value they read changes, until the outcome differs. After
     * {@link #MAX_PROBES} unchanged moments the last one is answered, as a time to look again. One guarded
     * evaluation; blocking.
     */
    public Optional<Instant> nextChange(CompiledRuleSet ruleSet, Customer customer, Evaluation current) {
        return await(guarded(ruleSet, true, job -> probe(ruleSet, customer, current, job)));
    }

    /**
     * Runs the rules on one customer as a trial (a scenario), guarded as evaluations are but never counted towards
     * a quarantine: a proof or a validation neither quarantines an active revision nor is refused because its
     * revision is quarantined. With {@code withNextChange}, the outcome's next change too (see {@link #nextChange}).
     * Blocking.
     */
    public Decided trial(CompiledRuleSet ruleSet, Customer customer, boolean withNextChange) {
        return await(guarded(ruleSet, false, job -> {
            Evaluation evaluation = run(ruleSet, customer, job);
            return new Decided(
                    evaluation, withNextChange ? probe(ruleSet, customer, evaluation, job) : Optional.empty());
        }));
    }

    /**
     * Tries a revision that is not in service yet on each customer, guarded; its failures do not count towards a
     * quarantine. The first evaluation has {@code warm-up-deadline} (it pays Drools' set-up of the revision), the
     * others {@code abandon-after}. Answers the evaluation of the first customer; throws on the first failure.
     */
    public Evaluation tryOut(CompiledRuleSet ruleSet, List<Customer> customers) {
        Evaluation first = null;
        for (Customer customer : customers) {
            Function<EvaluationPool.Job, Evaluation> work = job -> run(ruleSet, customer, job);
            Evaluation evaluation = first == null
                    ? await(pool.submit(work, () -> {}, config.warmUpDeadline()), config.warmUpDeadline())
                    : await(guarded(ruleSet, false, work));
            first = first == null ? evaluation : first;
        }
        return first;
    }

    private <T> CompletableFuture<T> guarded(
            CompiledRuleSet ruleSet, boolean counted, Function<EvaluationPool.Job, T> work) {
        if (counted && quarantined.contains(ruleSet.revision())) {
            return CompletableFuture.failedFuture(new EvaluationFailedException(
                    EvaluationFailedException.Reason.QUARANTINED,
                    "revision " + ruleSet.revision() + " of " + ruleSet.name() + " is quarantined"));
        }
        Runnable overran = counted ? () -> failed(ruleSet, true, "overran the deadline") : () -> {};
        CompletableFuture<T> answer = pool.submit(work, overran);
        if (counted) {
            answer.whenComplete((ignored, failure) -> {
                // A caller that stopped waiting cancels its answer: that is not the rules' failure.
                if (failure != null
                        && !(failure instanceof EvaluationFailedException)
                        && !(failure instanceof CancellationException)) {
                    failed(ruleSet, false, failure.toString());
                }
            });
        }
        return answer;
    }

    /** Counts a failed evaluation of an active revision, and quarantines it on this node past the threshold. */
    private void failed(CompiledRuleSet ruleSet, boolean overran, String what) {
        metrics.counter(
                        "tailor.rules.evaluations.failed",
                        "ruleSet",
                        ruleSet.name(),
                        "outcome",
                        overran ? "overran" : "threw")
                .increment();
        CompiledRuleSet current = active.get().get(ruleSet.name());
        if (!config.quarantine().enabled() || current == null || current.revision() != ruleSet.revision()) {
            return;
        }
        health.failed(ruleSet.name(), ruleSet.revision(), overran, what).ifPresent(verdict -> {
            quarantined.add(ruleSet.revision());
            Log.errorf(
                    "Rule set %s: %s; its rules no longer run on this node",
                    ruleSet.name(), verdict.reason(config.quarantine().window()));
            failing.accept(verdict);
        });
    }

    private static <T> T await(CompletableFuture<T> answer) {
        return await(answer, Duration.ZERO);
    }

    private static <T> T await(CompletableFuture<T> answer, Duration deadline) {
        try {
            return answer.get(QUEUE_PATIENCE.plus(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new EvaluationFailedException(
                    EvaluationFailedException.Reason.REFUSED,
                    "no evaluation thread was free within " + QUEUE_PATIENCE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(false);
            throw new EvaluationFailedException(EvaluationFailedException.Reason.REFUSED, "interrupted");
        }
    }

    /**
     * Runs the rules on one customer in a session borrowed from the revision's pool (a reset session costs far
     * less than a new one), which always goes back empty, then resolves exclusions, suppressions and group
     * conflicts. A session abandoned past its deadline is dropped instead: its state is unknown.
     */
    private Evaluation run(CompiledRuleSet ruleSet, Customer customer, EvaluationPool.Job job) {
        FiredRulesCounter counter = fired.computeIfAbsent(ruleSet.name(), name -> new FiredRulesCounter(name, metrics));
        // Evaluations of one revision run side by side on every pool thread: the sessions are thread safe, which the
        // executable model's shared consequences need (see CompiledRuleSet#newSession).
        return DroolsContext.call(() -> runInSession(ruleSet, customer, job, counter));
    }

    private static Evaluation runInSession(
            CompiledRuleSet ruleSet, Customer customer, EvaluationPool.Job job, FiredRulesCounter counter) {
        KieSession session = ruleSet.newSession();
        job.onAbandon(session::halt);
        OutcomeRecorder recorder = new OutcomeRecorder();
        session.addEventListener(recorder);
        session.addEventListener(counter);
        try {
            session.insert(customer);
            session.fireAllRules();
        } finally {
            if (!job.abandoned()) {
                // A pooled session keeps its listeners across uses: take this evaluation's off before it goes
                // back.
                session.removeEventListener(recorder);
                session.removeEventListener(counter);
                session.dispose();
            }
        }
        return ConflictResolver.resolve(recorder, customer.nextChange(), customer.fallbacks(), ruleSet.variables());
    }

    private Optional<Instant> probe(
            CompiledRuleSet ruleSet, Customer customer, Evaluation current, EvaluationPool.Job job) {
        Optional<Instant> candidate = current.nextChange();
        for (int probe = 0; candidate.isPresent() && probe < MAX_PROBES; probe++) {
            Evaluation then = run(ruleSet, customer.at(candidate.get()), job);
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
