package dev.tailor.rules.revisions;

import dev.tailor.events.RedisKeys;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RulesConfig;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings revisions into service on this node: compiles a revision (off the request path, cached by revision),
 * swaps it into the engine, and tracks the union of the active rule sets' facts. Activations made on any node
 * are announced on Redis ({@value #CHANNEL}) and every node follows within seconds; a node that missed an
 * announcement catches up from PostgreSQL's activation log every {@code tailor.rules.reconcile-every}.
 */
@ApplicationScoped
public class RuleSetActivator {

    static final String CHANNEL = RedisKeys.ROOT + "rule-sets:activated";
    private static final int CACHED_REVISIONS = 16;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RuleCompiler compiler;
    private final RuleEngine engine;
    private final TrackedFacts tracked;
    private final FactsStore facts;
    private final RuleSetRevisionRepository revisions;
    private final RuleSetActivationRepository activations;
    private final ReactiveRedisDataSource redis;
    private final RulesConfig config;
    private Cancellable announcements;
    /** The activation log entry this node last followed, by rule set. */
    private final Map<String, Long> followed = new ConcurrentHashMap<>();
    /** Activation log entries whose revision failed to come into service here: not tried again. */
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();
    /** Compiled revisions by id, most recently used last: a rollback to a recent revision needs no compile. */
    private final Map<Long, CompiledRuleSet> compiled = new LinkedHashMap<>(CACHED_REVISIONS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompiledRuleSet> eldest) {
            return size() > CACHED_REVISIONS;
        }
    };

    public RuleSetActivator(
            RuleCompiler compiler,
            RuleEngine engine,
            TrackedFacts tracked,
            FactsStore facts,
            RuleSetRevisionRepository revisions,
            RuleSetActivationRepository activations,
            ReactiveRedisDataSource redis,
            RulesConfig config) {
        this.config = config;
        this.compiler = compiler;
        this.engine = engine;
        this.tracked = tracked;
        this.facts = facts;
        this.revisions = revisions;
        this.activations = activations;
        this.redis = redis;
    }

    /** A stored revision, compiled; blocking (seconds on a first compile): call it from a worker thread. */
    public CompiledRuleSet compile(RuleSetRevision revision) {
        synchronized (compiled) {
            CompiledRuleSet cached = compiled.get(revision.id);
            if (cached != null) {
                return cached;
            }
        }
        CompiledRuleSet ready =
                compiler.compile(RuleSetContent.of(revision).rules()).withRevision(revision.id, revision.sha256);
        synchronized (compiled) {
            compiled.put(revision.id, ready);
        }
        return ready;
    }

    /**
     * Puts a compiled revision in service on this node: it is first tried, guarded, on a customer with no facts
     * (which also gives its default decision, and spares the first request Drools' lazy set-up), then the facts it
     * declares are tracked, then it is swapped in. Fails, leaving this node as it was, when the try fails.
     */
    public synchronized void bringIntoService(CompiledRuleSet ruleSet) {
        CompiledRuleSet current = engine.allActive().get(ruleSet.name());
        if (current != null && current.revision() == ruleSet.revision() && !engine.isQuarantined(current)) {
            return;
        }
        Evaluation byDefault =
                engine.tryOut(ruleSet, List.of(facts.noFacts("warm-up", Instant.now(), ruleSet.facts())));
        Map<String, CompiledRuleSet> next = new LinkedHashMap<>(engine.allActive());
        next.put(ruleSet.name(), ruleSet);
        tracked.track(FactSchema.union(
                next.values().stream().map(CompiledRuleSet::facts).toList()));
        engine.activate(ruleSet, byDefault);
        Log.infof("Rule set %s: revision %d in service", ruleSet.name(), ruleSet.revision());
    }

    /**
     * Tries a revision, guarded, on the probe customers: one with no facts, those named by
     * {@code tailor.rules.probes.customers} and the first {@code probes.sample} stored ones. Answers what failed
     * (nothing when all went well). Blocking.
     */
    public List<String> tryOnProbes(CompiledRuleSet ruleSet) {
        Instant now = Instant.now();
        List<Customer> probes = new ArrayList<>();
        probes.add(facts.noFacts("probe", now, ruleSet.facts()));
        try {
            List<String> ids = new ArrayList<>(config.probes().customers().orElse(List.of()));
            if (config.probes().sample() > 0) {
                facts.scan("0", config.probes().sample() * 10).await().atMost(WAIT).customerIds().stream()
                        .limit(config.probes().sample())
                        .forEach(ids::add);
            }
            if (!ids.isEmpty()) {
                probes.addAll(facts.readAll(List.copyOf(new LinkedHashSet<>(ids)), now, ruleSet.facts())
                        .await()
                        .atMost(WAIT));
            }
        } catch (RuntimeException e) {
            Log.warnf(
                    "Rule set %s: stored customers unreadable (%s); trying revision %d on a customer with no facts"
                            + " only",
                    ruleSet.name(), e.toString(), ruleSet.revision());
        }
        for (int i = 0; i < probes.size(); i++) {
            try {
                engine.tryOut(ruleSet, List.of(probes.get(i)));
            } catch (RuntimeException e) {
                return List.of(
                        "warm-up on probe customer " + (i + 1) + " of " + probes.size() + " failed: " + e.getMessage());
            }
        }
        return List.of();
    }

    /** Puts a revision in place without running its rules: its decisions are the degraded default. */
    public synchronized void bringInQuarantined(CompiledRuleSet ruleSet) {
        engine.activateQuarantined(ruleSet);
        Log.errorf(
                "Rule set %s: revision %d is quarantined; decisions are the degraded default",
                ruleSet.name(), ruleSet.revision());
    }

    /** Notes that this node already serves what the activation log entry {@code entry} says. */
    public void followed(RuleSetActivation entry) {
        followed.put(entry.ruleSet, entry.id);
    }

    /** Tells every node that {@code ruleSet} has a new active revision. */
    public Uni<Void> announce(String ruleSet, long revision) {
        return redis.pubsub(String.class).publish(CHANNEL, ruleSet + ":" + revision);
    }

    void listen(@Observes StartupEvent event) {
        if (!config.bootstrap()) {
            return;
        }
        announcements = redis.pubsub(String.class)
                .subscribe(CHANNEL)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe()
                .with(
                        message -> followLatest(message.substring(0, message.lastIndexOf(':'))),
                        failure -> Log.warnf(
                                "Lost the rule set announcements (%s); reconciling from PostgreSQL",
                                failure.toString()));
    }

    /** Stops listening while the application can still unsubscribe cleanly. */
    void stop(@Observes ShutdownEvent event) {
        if (announcements != null) {
            announcements.cancel();
        }
    }

    /** Compares this node's active revisions with the activation log and follows any it missed. */
    @Scheduled(
            every = "${tailor.rules.reconcile-every:15s}",
            delayed = "${tailor.rules.reconcile-every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        if (!config.bootstrap()) {
            return;
        }
        try {
            for (RuleSetActivation latest : BlockingDb.session(activations::latestOfEach)) {
                follow(latest);
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not reconcile active rule sets with PostgreSQL: %s", e.toString());
        }
    }

    private void followLatest(String ruleSet) {
        try {
            RuleSetActivation latest = BlockingDb.session(() -> activations.latest(ruleSet));
            if (latest != null) {
                follow(latest);
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not read the activation log of %s (%s); reconciling later", ruleSet, e.toString());
        }
    }

    /**
     * Brings what an activation log entry names into service on this node, once per entry. A revision that fails
     * to come into service is logged and not tried again for that entry (a database failure is retried).
     * Answers whether this node now serves the entry.
     */
    public synchronized boolean follow(RuleSetActivation latest) {
        if (latest.id.equals(followed.get(latest.ruleSet))) {
            return true;
        }
        if (refused.contains(latest.id)) {
            return false;
        }
        RuleSetRevision revision = BlockingDb.session(() -> revisions.findById(latest.revisionId));
        if (revision == null) {
            return false;
        }
        try {
            CompiledRuleSet compiled = compile(revision);
            if (latest.outOfService()) {
                bringInQuarantined(compiled);
            } else {
                bringIntoService(compiled);
            }
            followed(latest);
            return true;
        } catch (RuntimeException e) {
            refused.add(latest.id);
            Log.errorf(
                    "RULE SET %s: revision %d, active in the activation log (entry %d), does not come into service"
                            + " on this node: %s",
                    latest.ruleSet, latest.revisionId, latest.id, e.getMessage());
            return false;
        }
    }

    /**
     * Brings the latest good revision of {@code ruleSet} into service when the entry the log names failed: the
     * revisions the log names before it, newest first, skipping quarantined ones; when none comes into service, the
     * failing one is put in place quarantined (decisions are the degraded default) if it compiles. Start-up thus
     * never stops on one bad revision.
     */
    public synchronized void fallBack(RuleSetActivation failed) {
        List<RuleSetActivation> log = BlockingDb.session(() -> activations.logOf(failed.ruleSet));
        Set<Long> skipped = new HashSet<>(quarantinedIn(log));
        skipped.add(failed.revisionId);
        for (RuleSetActivation entry : log) {
            if (!skipped.add(entry.revisionId)) {
                continue;
            }
            RuleSetRevision revision = BlockingDb.session(() -> revisions.findById(entry.revisionId));
            try {
                bringIntoService(compile(revision));
                Log.errorf(
                        "RULE SET %s: serving revision %d instead of revision %d, which failed; activate a fixed"
                                + " revision to end this",
                        failed.ruleSet, entry.revisionId, failed.revisionId);
                return;
            } catch (RuntimeException e) {
                Log.errorf(
                        "RULE SET %s: earlier revision %d does not come into service either: %s",
                        failed.ruleSet, entry.revisionId, e.getMessage());
            }
        }
        try {
            RuleSetRevision revision = BlockingDb.session(() -> revisions.findById(failed.revisionId));
            bringInQuarantined(compile(revision));
        } catch (RuntimeException e) {
            Log.errorf("RULE SET %s: no revision can serve: %s", failed.ruleSet, e.getMessage());
        }
    }

    /** The revisions the automatic quarantine took out of service, according to an activation log. */
    static Set<Long> quarantinedIn(List<RuleSetActivation> log) {
        Set<Long> quarantined = new HashSet<>();
        log.forEach(entry -> {
            if (entry.quarantinedRevisionId != null) {
                quarantined.add(entry.quarantinedRevisionId);
            }
        });
        return quarantined;
    }
}
