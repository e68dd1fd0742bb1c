package dev.tailor.rules.revisions;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RevisionFailing;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.rules.RulesConfig;
import dev.tailor.rules.scenarios.Scenario;
import dev.tailor.rules.scenarios.ScenarioFileException;
import dev.tailor.rules.scenarios.ScenarioResult;
import dev.tailor.rules.scenarios.ScenarioRunner;
import dev.tailor.shared.persistence.BlockingDb;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The life of rule sets: immutable revisions (identical content is the same revision), activations with who and
 * why (each proved before it is recorded), rollbacks, and the automatic quarantine of a failing revision. Methods
 * block (compiling takes up to seconds): call them from worker threads.
 */
@ApplicationScoped
public class RuleSetService {

    /** How many failing scenarios a rollback's log entry names; the others are counted. */
    private static final int RECORDED_FAILURES = 5;

    private final RuleSetRevisionRepository revisions;
    private final RuleSetActivationRepository activations;
    private final RuleCompiler compiler;
    private final RuleSetActivator activator;
    private final TrackedFacts tracked;
    private final Event<TrackedFactsChanged> trackedChanged;
    private final RulesConfig config;
    private final ScenarioRunner runner;
    private final MeterRegistry metrics;

    public RuleSetService(
            RuleSetRevisionRepository revisions,
            RuleSetActivationRepository activations,
            RuleCompiler compiler,
            RuleSetActivator activator,
            TrackedFacts tracked,
            Event<TrackedFactsChanged> trackedChanged,
            RulesConfig config,
            ScenarioRunner runner,
            MeterRegistry metrics) {
        this.runner = runner;
        this.metrics = metrics;
        this.config = config;
        this.tracked = tracked;
        this.trackedChanged = trackedChanged;
        this.revisions = revisions;
        this.activations = activations;
        this.compiler = compiler;
        this.activator = activator;
    }

    /** A stored revision, and whether this call created it. */
    public record Stored(RuleSetRevision revision, boolean created) {}

    /**
     * Stores a rule set's content (its rules and scenario files) as a revision after its rules compile (a
     * {@link dev.tailor.rules.RuleCompilationException} otherwise) and its scenario files can be read (a
     * {@link ScenarioFileException}). Identical content answers the existing revision. The scenarios run at each
     * activation, not here.
     */
    public Stored store(RuleSetContent content, String author, String message) {
        content.scenarios();
        String sha256 = content.sha256();
        RuleSetRevision existing = BlockingDb.session(() -> revisions.findByContent(content.name(), sha256));
        if (existing != null) {
            return new Stored(existing, false);
        }
        compiler.compile(content.rules());
        RuleSetRevision revision = new RuleSetRevision(
                content.name(), sha256, author, message, RuleSetArchive.zip(content.files()), Instant.now());
        try {
            return new Stored(BlockingDb.transaction(() -> revisions.persist(revision)), true);
        } catch (RuntimeException e) {
            // Another node stored the same content meanwhile.
            RuleSetRevision raced = BlockingDb.session(() -> revisions.findByContent(content.name(), sha256));
            if (raced == null) {
                throw e;
            }
            return new Stored(raced, false);
        }
    }

    /**
     * Makes a stored revision the active one of its rule set, on this node at once and on every other within seconds.
     * Activations of one rule set are serialised across nodes (a PostgreSQL advisory lock held by the transaction
     * that reads the latest entry and writes the next), and activating the revision already active answers its
     * activation and logs nothing: the log never names a revision as its own predecessor, so a rollback always
     * changes the revision (unless the automatic quarantine took it out of service: then it is brought back). It is
     * recorded only once it has proved itself: a guarded warm-up on the probe customers succeeds and every scenario
     * the revision keeps passes (an {@link ActivationRefusedException} otherwise, and nothing is recorded).
     */
    public RuleSetActivation activate(String ruleSet, long revisionId, String by, String reason) {
        return activate(ruleSet, revisionId, by, reason, false);
    }

    private RuleSetActivation activate(String ruleSet, long revisionId, String by, String reason, boolean rollback) {
        RuleSetRevision revision = revision(ruleSet, revisionId)
                .orElseThrow(
                        () -> new RuleSetNotFoundException("rule set " + ruleSet + " has no revision " + revisionId));
        CompiledRuleSet compiled = activator.compile(revision);
        List<String> failing = prove(revision, compiled, rollback);
        String recorded = failing.isEmpty()
                ? reason
                : reason + " [activated although its scenarios failed: "
                        + String.join("; ", failing.subList(0, Math.min(failing.size(), RECORDED_FAILURES)))
                        + (failing.size() > RECORDED_FAILURES
                                ? "; and " + (failing.size() - RECORDED_FAILURES) + " more"
                                : "")
                        + "]";
        RuleSetActivation activation = BlockingDb.transaction(() -> activations
                .lockLog(ruleSet)
                .chain(() -> activations.latest(ruleSet))
                .chain(latest -> latest != null && latest.revisionId == revisionId && !latest.outOfService()
                        ? Uni.createFrom().item(latest)
                        : activations.persist(new RuleSetActivation(
                                ruleSet,
                                revisionId,
                                latest == null ? null : latest.revisionId,
                                by,
                                recorded,
                                Instant.now()))));
        FactSchema trackedBefore = tracked.schema();
        activator.bringIntoService(compiled);
        activator.followed(activation);
        activator.announce(ruleSet, revisionId).await().indefinitely();
        trackedChanged.fire(new TrackedFactsChanged(trackedBefore, tracked.schema()));
        return activation;
    }

    /**
     * Tries a revision on the probe customers (first, so that Drools' set-up of the revision is paid under the
     * warm-up deadline), then runs the scenarios it keeps; throws what failed. For a rollback, failing scenarios do
     * not refuse: they are answered, to be recorded with it.
     */
    private List<String> prove(RuleSetRevision revision, CompiledRuleSet compiled, boolean rollback) {
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>(activator.tryOnProbes(compiled));
        List<String> failing = new ArrayList<>();
        int run = 0;
        if (problems.isEmpty()) {
            try {
                List<Scenario> scenarios = RuleSetContent.of(revision).scenarios();
                for (Scenario scenario : scenarios) {
                    ScenarioResult result = runner.run(compiled, scenario);
                    result.failures()
                            .forEach(failure -> failing.add(
                                    "scenario " + result.file() + " \"" + result.name() + "\": " + failure));
                    run++;
                }
            } catch (ScenarioFileException e) {
                // Read at upload, so unreadable only when an upgrade reads scenario files more strictly.
                failing.addAll(RuleSetContent.describe(e));
            }
        }
        if (!rollback) {
            problems.addAll(failing);
        }
        if (!problems.isEmpty()) {
            metrics.counter("tailor.rules.activations.refused", "ruleSet", revision.name)
                    .increment();
            throw new ActivationRefusedException(revision.name, revision.id, problems);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (failing.isEmpty()) {
            Log.infof(
                    "Rule set %s: revision %d proved itself in %d ms (%d scenarios)",
                    revision.name, revision.id, millis, run);
        } else {
            metrics.counter("tailor.rules.activations.unproved", "ruleSet", revision.name)
                    .increment();
            Log.warnf(
                    "Rule set %s: rollback to revision %d although %d of its scenarios failed: %s",
                    revision.name, revision.id, failing.size(), String.join("; ", failing));
        }
        return failing;
    }

    /**
     * Takes a failing revision out of service everywhere (it is reported by {@link RuleEngine}, which has already
     * stopped running it on this node): the latest earlier revision that comes into service serves again, or, when
     * there is none, the rule set answers the degraded default. The activation log records it, with the reason.
     * Nothing happens when the revision is no longer the active one (another node was quicker).
     */
    void onRevisionFailing(@ObservesAsync RevisionFailing failing) {
        try {
            quarantine(
                    failing.ruleSet(),
                    failing.revision(),
                    failing.reason(config.quarantine().window()));
        } catch (RuntimeException e) {
            Log.errorf(
                    "RULE SET %s: could not record the quarantine of revision %d (%s); this node keeps it out of"
                            + " service",
                    failing.ruleSet(), failing.revision(), e.toString());
        }
    }

    Optional<RuleSetActivation> quarantine(String ruleSet, long bad, String reason) {
        List<RuleSetActivation> log = activationsOf(ruleSet);
        if (log.isEmpty() || !log.get(0).revisionId.equals(bad) || log.get(0).outOfService()) {
            return Optional.empty();
        }
        metrics.counter("tailor.rules.quarantines", "ruleSet", ruleSet).increment();
        Set<Long> skipped = new HashSet<>(RuleSetActivator.quarantinedIn(log));
        skipped.add(bad);
        for (RuleSetActivation entry : log) {
            if (!skipped.add(entry.revisionId)) {
                continue;
            }
            try {
                activator.bringIntoService(
                        activator.compile(revision(ruleSet, entry.revisionId).orElseThrow()));
            } catch (RuntimeException e) {
                Log.errorf(
                        "RULE SET %s: earlier revision %d cannot replace quarantined revision %d: %s",
                        ruleSet, entry.revisionId, bad, e.getMessage());
                continue;
            }
            return Optional.of(recordQuarantine(RuleSetActivation.quarantine(
                    ruleSet,
                    entry.revisionId,
                    bad,
                    reason + "; revision " + entry.revisionId + " serves again",
                    Instant.now())));
        }
        return Optional.of(recordQuarantine(RuleSetActivation.quarantine(
                ruleSet,
                bad,
                bad,
                reason + "; no earlier good revision: decisions are the degraded default",
                Instant.now())));
    }

    private RuleSetActivation recordQuarantine(RuleSetActivation entry) {
        RuleSetActivation recorded = BlockingDb.transaction(() -> activations.persist(entry));
        activator.followed(recorded);
        Log.errorf("RULE SET %s QUARANTINED: %s", entry.ruleSet, entry.reason);
        activator.announce(entry.ruleSet, entry.revisionId).await().atMost(Duration.ofSeconds(10));
        return recorded;
    }

    /**
     * Activates the revision that was active before the current one. It is proved as any activation is, except
     * that failing scenarios do not refuse it: a rollback is the way out of a harmful revision, so it goes ahead and
     * the failures are recorded in the log entry's reason (a warm-up that throws or overruns still refuses: such a
     * revision would harm the service and be quarantined at once).
     *
     * <p>It rolls back the revision that was active when it was asked. One activated after that (another rollback
     * asked at the same moment, whose activation committed first) is answered as it is rather than rolled back in
     * turn, so that rollbacks asked at once roll back once. Times are the nodes' clocks: across nodes whose clocks
     * differ, a rollback asked within that difference after another change may be answered with that change.
     */
    public RuleSetActivation rollback(String ruleSet, String by, String reason) {
        return rollback(ruleSet, by, reason, Instant.now());
    }

    /** A rollback asked at {@code asked}: the caller's entry, before any slow work of its own. */
    public RuleSetActivation rollback(String ruleSet, String by, String reason, Instant asked) {
        RuleSetActivation current = rollbackFrom(ruleSet);
        if (current.activatedAt.isAfter(asked)) {
            return current;
        }
        return activate(ruleSet, current.previousRevisionId, by, reason, true);
    }

    /** The revision a rollback would activate: the one active before the current one. */
    public long rollbackTarget(String ruleSet) {
        return rollbackFrom(ruleSet).previousRevisionId;
    }

    private RuleSetActivation rollbackFrom(String ruleSet) {
        RuleSetActivation latest = BlockingDb.session(() -> activations.latest(ruleSet));
        if (latest == null) {
            throw new RuleSetNotFoundException("rule set " + ruleSet + " has never been activated");
        }
        if (latest.previousRevisionId == null) {
            throw new NothingToRollBackException(
                    "rule set " + ruleSet + " has had only one active revision (" + latest.revisionId + ")");
        }
        return latest;
    }

    public Optional<RuleSetRevision> revision(String ruleSet, long revisionId) {
        RuleSetRevision revision = BlockingDb.session(() -> revisions.findById(revisionId));
        return Optional.ofNullable(revision).filter(r -> r.name.equals(ruleSet));
    }

    public Optional<RuleSetActivation> activeOf(String ruleSet) {
        return Optional.ofNullable(BlockingDb.session(() -> activations.latest(ruleSet)));
    }

    public List<RuleSetRevision> revisionsOf(String ruleSet) {
        return BlockingDb.session(() -> revisions.listOf(ruleSet));
    }

    public List<RuleSetActivation> activationsOf(String ruleSet) {
        return BlockingDb.session(() -> activations.logOf(ruleSet));
    }

    public List<RuleSetActivation> activeRuleSets() {
        return BlockingDb.session(activations::latestOfEach);
    }

    /** The compiled form of a stored revision (cached). */
    public CompiledRuleSet compiled(RuleSetRevision revision) {
        return activator.compile(revision);
    }
}
