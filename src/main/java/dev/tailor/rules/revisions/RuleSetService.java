package dev.tailor.rules.revisions;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.ingest.FactsWarmup;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.RulesConfig;
import dev.tailor.shared.persistence.BlockingDb;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The life of rule sets: immutable revisions (identical content is the same revision), activations with who and
 * why, rollbacks. Methods block (compiling takes up to seconds): call them from worker threads.
 */
@ApplicationScoped
public class RuleSetService {

    private final RuleSetRevisionRepository revisions;
    private final RuleSetActivationRepository activations;
    private final RuleCompiler compiler;
    private final RuleSetActivator activator;
    private final TrackedFacts tracked;
    private final FactsWarmup warmup;
    private final RulesConfig config;

    public RuleSetService(RuleSetRevisionRepository revisions, RuleSetActivationRepository activations,
            RuleCompiler compiler, RuleSetActivator activator, TrackedFacts tracked, FactsWarmup warmup,
            RulesConfig config) {
        this.config = config;
        this.tracked = tracked;
        this.warmup = warmup;
        this.revisions = revisions;
        this.activations = activations;
        this.compiler = compiler;
        this.activator = activator;
    }

    /** A stored revision, and whether this call created it. */
    public record Stored(RuleSetRevision revision, boolean created) {}

    /**
     * Stores a rule set's content as a revision after it compiles (a {@link dev.tailor.rules.RuleCompilationException}
     * otherwise). Identical content answers the existing revision.
     */
    public Stored store(RuleSetSource source, String author, String message) {
        String sha256 = source.sha256();
        RuleSetRevision existing = BlockingDb.session(() -> revisions.findByContent(source.name(), sha256));
        if (existing != null) {
            return new Stored(existing, false);
        }
        compiler.compile(source);
        RuleSetRevision revision = new RuleSetRevision(source.name(), sha256, author, message,
                RuleSetArchive.zip(source.files()), Instant.now());
        try {
            return new Stored(BlockingDb.transaction(() -> revisions.persist(revision)), true);
        } catch (RuntimeException e) {
            // Another node stored the same content meanwhile.
            RuleSetRevision raced = BlockingDb.session(() -> revisions.findByContent(source.name(), sha256));
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
     * changes the revision.
     */
    public RuleSetActivation activate(String ruleSet, long revisionId, String by, String reason) {
        RuleSetRevision revision = revision(ruleSet, revisionId)
                .orElseThrow(() -> new RuleSetNotFoundException("rule set " + ruleSet + " has no revision " + revisionId));
        CompiledRuleSet compiled = activator.compile(revision);
        RuleSetActivation activation = BlockingDb.transaction(() -> activations.lockLog(ruleSet)
                .chain(() -> activations.latest(ruleSet))
                .chain(latest -> latest != null && latest.revisionId == revisionId ? Uni.createFrom().item(latest)
                        : activations.persist(new RuleSetActivation(ruleSet, revisionId,
                                latest == null ? null : latest.revisionId, by, reason, Instant.now()))));
        FactSchema trackedBefore = tracked.schema();
        activator.bringIntoService(compiled);
        activator.announce(ruleSet, revisionId).await().indefinitely();
        if (config.backfillNewFacts()) {
            warmup.onTrackedFactsChanged(trackedBefore, tracked.schema());
        }
        return activation;
    }

    /** Activates the revision that was active before the current one. */
    public RuleSetActivation rollback(String ruleSet, String by, String reason) {
        RuleSetActivation latest = BlockingDb.session(() -> activations.latest(ruleSet));
        if (latest == null) {
            throw new RuleSetNotFoundException("rule set " + ruleSet + " has never been activated");
        }
        if (latest.previousRevisionId == null) {
            throw new NothingToRollBackException("rule set " + ruleSet + " has had only one active revision ("
                    + latest.revisionId + ")");
        }
        return activate(ruleSet, latest.previousRevisionId, by, reason);
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
