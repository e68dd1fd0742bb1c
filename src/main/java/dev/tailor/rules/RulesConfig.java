package dev.tailor.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where rule sets come from and which one decisions use. */
@ConfigMapping(prefix = "tailor.rules")
public interface RulesConfig {

    /** Folder holding one sub-folder per rule set ({@code rules/<rule-set>/*.drl}). */
    @WithDefault("rules")
    Path dir();

    /** The rule set decisions use when a request names none. */
    @WithDefault("marketing")
    String defaultSet();

    /**
     * Whether a rule set folder whose content differs from the active revision is activated at start-up (handy
     * while authoring; set false where PostgreSQL's activation log must rule).
     */
    @WithDefault("true")
    boolean activateFolderOnStart();

    /**
     * Whether an activation that declares events no active rule set tracked starts a back-fill of their facts from
     * the event log (see FactsWarmup).
     */
    @WithDefault("true")
    boolean backfillNewFacts();

    /** Whether start-up brings the rule sets into service; off for the CI validation command. */
    @WithDefault("true")
    boolean bootstrap();

    /** How often every node compares its active revisions with PostgreSQL, in case it missed an announcement. */
    @WithDefault("15s")
    java.time.Duration reconcileEvery();

    /**
     * Longest a render (or a batch decision, with at least the batch budget) waits for the rules of one customer,
     * after the facts budget, before it answers the degraded default.
     */
    @WithDefault("150ms")
    java.time.Duration evaluationBudget();

    /**
     * How long one evaluation (its re-check times included) may run before it counts as stuck: its caller gets a
     * failure, its session is halted, its thread interrupted and replaced, and the overrun counts towards a
     * quarantine. Far longer than the evaluation budget, so that a starved machine or a pause of the JVM degrades
     * a few answers without quarantining a sound revision.
     */
    @WithDefault("5s")
    java.time.Duration abandonAfter();

    /**
     * The deadline of the first evaluation of a revision being tried out (activation, start-up, following another
     * node): it pays Drools' one-time set-up of the revision, seconds on a busy machine.
     */
    @WithDefault("10s")
    java.time.Duration warmUpDeadline();

    /** Threads evaluating rules; rules never run on the event loop nor on the shared worker pool. */
    @WithDefault("4")
    int evaluationThreads();

    /** Evaluations that may wait for a thread; beyond it an evaluation is refused and answers the default. */
    @WithDefault("10000")
    int evaluationQueue();

    /**
     * Threads abandoned by evaluations that overran their budget that are replaced at most: past it the pool stops
     * growing (and renders answer the default) until some end.
     */
    @WithDefault("16")
    int maxAbandonedThreads();

    /**
     * How long an evaluation thread abandoned by a stuck rule (a loop that ignores interrupts) gets before it is
     * stopped outright, where the JVM still allows it (Java 17 to 19), so that a looping rule does not burn a core
     * for ever.
     */
    @WithDefault("5s")
    java.time.Duration stopAbandonedAfter();

    /** The automatic quarantine of a revision whose evaluations overrun or throw. */
    Quarantine quarantine();

    /** A warm-up on probe customers, which an activation passes before it is recorded. */
    Probes probes();

    interface Quarantine {

        /** Whether a failing revision is taken out of service automatically. */
        @WithDefault("true")
        boolean enabled();

        /** Evaluations of one revision that overran or threw within the window that quarantine it. */
        @WithDefault("5")
        int threshold();

        /** The window over which a revision's overrun and failed evaluations are counted. */
        @WithDefault("60s")
        java.time.Duration window();
    }

    interface Probes {

        /** How many stored customers (the first a walk of Redis meets) an activation is tried on, besides nobody. */
        @WithDefault("20")
        int sample();

        /** Customers an activation is always tried on, by id. */
        java.util.Optional<java.util.List<String>> customers();
    }
}
