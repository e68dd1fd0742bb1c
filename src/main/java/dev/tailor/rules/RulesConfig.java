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
}
