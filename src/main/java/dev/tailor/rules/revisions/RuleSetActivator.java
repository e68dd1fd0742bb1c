package dev.tailor.rules.revisions;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.rules.RuleSetSource;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings revisions into service on this node: compiles a revision (off the request path, cached by revision),
 * swaps it into the engine, and tracks the union of the active rule sets' facts. Activations made on any node
 * are announced on Redis ({@value #CHANNEL}) and every node follows within seconds; a node that missed an
 * announcement catches up from PostgreSQL's activation log every {@code tailor.rules.reconcile-every}.
 */
@ApplicationScoped
public class RuleSetActivator {

    static final String CHANNEL = "tailor:rule-sets:activated";
    private static final int CACHED_REVISIONS = 16;

    private final RuleCompiler compiler;
    private final RuleEngine engine;
    private final TrackedFacts tracked;
    private final FactsStore facts;
    private final RuleSetRevisionRepository revisions;
    private final RuleSetActivationRepository activations;
    private final ReactiveRedisDataSource redis;
    private final RulesConfig config;
    private Cancellable announcements;
    /** Compiled revisions by id, most recently used last: a rollback to a recent revision needs no compile. */
    private final Map<Long, CompiledRuleSet> compiled = new LinkedHashMap<>(CACHED_REVISIONS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompiledRuleSet> eldest) {
            return size() > CACHED_REVISIONS;
        }
    };

    public RuleSetActivator(RuleCompiler compiler, RuleEngine engine, TrackedFacts tracked, FactsStore facts,
            RuleSetRevisionRepository revisions, RuleSetActivationRepository activations,
            ReactiveRedisDataSource redis, RulesConfig config) {
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
        RuleSetSource source = RuleSetSource.fromFiles(revision.name, RuleSetArchive.unzip(revision.archive));
        CompiledRuleSet ready = compiler.compile(source).withRevision(revision.id);
        synchronized (compiled) {
            compiled.put(revision.id, ready);
        }
        return ready;
    }

    /**
     * Puts a compiled revision in service on this node: the facts it declares are tracked before the swap, and one
     * evaluation runs on this thread first, so that the first request does not pay for Drools' lazy set-up.
     */
    public synchronized void bringIntoService(CompiledRuleSet ruleSet) {
        CompiledRuleSet current = engine.allActive().get(ruleSet.name());
        if (current != null && current.revision() == ruleSet.revision()) {
            return;
        }
        Map<String, CompiledRuleSet> next = new LinkedHashMap<>(engine.allActive());
        next.put(ruleSet.name(), ruleSet);
        tracked.track(FactSchema.union(next.values().stream().map(CompiledRuleSet::facts).toList()));
        engine.evaluate(ruleSet, facts.noFacts("warm-up", Instant.now(), ruleSet.facts()));
        engine.activate(ruleSet);
        Log.infof("Rule set %s: revision %d in service", ruleSet.name(), ruleSet.revision());
    }

    /** Tells every node that {@code ruleSet} has a new active revision. */
    public Uni<Void> announce(String ruleSet, long revision) {
        return redis.pubsub(String.class).publish(CHANNEL, ruleSet + ":" + revision);
    }

    void listen(@Observes StartupEvent event) {
        if (!config.bootstrap()) {
            return;
        }
        announcements = redis.pubsub(String.class).subscribe(CHANNEL)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(message -> follow(message.substring(0, message.lastIndexOf(':')),
                                Long.parseLong(message.substring(message.lastIndexOf(':') + 1))),
                        failure -> Log.warnf("Lost the rule set announcements (%s); reconciling from PostgreSQL",
                                failure.toString()));
    }

    /** Stops listening while the application can still unsubscribe cleanly. */
    void stop(@Observes ShutdownEvent event) {
        if (announcements != null) {
            announcements.cancel();
        }
    }

    /** Compares this node's active revisions with the activation log and follows any it missed. */
    @Scheduled(every = "${tailor.rules.reconcile-every:15s}", delayed = "${tailor.rules.reconcile-every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        if (!config.bootstrap()) {
            return;
        }
        try {
            for (RuleSetActivation latest : BlockingDb.session(activations::latestOfEach)) {
                follow(latest.ruleSet, latest.revisionId);
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not reconcile active rule sets with PostgreSQL: %s", e.toString());
        }
    }

    private void follow(String ruleSet, long revisionId) {
        CompiledRuleSet current = engine.allActive().get(ruleSet);
        if (current != null && current.revision() == revisionId) {
            return;
        }
        try {
            RuleSetRevision revision = BlockingDb.session(() -> revisions.findById(revisionId));
            if (revision != null) {
                bringIntoService(compile(revision));
            }
        } catch (RuntimeException e) {
            Log.errorf("Could not bring revision %d of %s into service: %s", revisionId, ruleSet, e.toString());
        }
    }
}
