package dev.tailor.rules;

import dev.tailor.facts.FactSchema;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.conf.ThreadSafeOption;

/**
 * A rule set compiled into a {@link KieBase}, immutable and shared by every evaluation of its revision.
 *
 * @param sha256 the content hash: the rules' until the content is recorded, then the revision's (its scenario
 *     files included), which decisions name
 * @param revision the id PostgreSQL gave this content, 0 until it is recorded
 * @param facts the facts the rule set declares, which Tailor tracks while it is active
 * @param variables the variables it declares, which every decision of it holds
 * @param segments the segments its rules can put a customer in (literal names in its rules and tables)
 * @param sessions sessions of this KieBase for reuse: disposing one resets it and hands it back
 */
public record CompiledRuleSet(
        String name,
        String sha256,
        long revision,
        KieBase kieBase,
        FactSchema facts,
        DeclaredVariables variables,
        Set<String> segments,
        KieSessionsPool sessions) {

    /** Sessions the pool makes up front; it grows to as many as evaluations run at once. */
    private static final int POOLED_SESSIONS = 4;
    /**
     * Sessions that may fire on several threads at once, although each evaluation keeps its session on one thread.
     * A consequence of the executable model is one object per rule, shared by every session of the KieBase; in a
     * session configured as not thread safe it keeps the facts it hands to the rule in that shared object between
     * firings, so two sessions firing the same rule at once read each other's match (a NullPointerException at
     * {@code InternalMatch.getTerminalNode}, or another customer's facts). Thread-safe sessions give every firing
     * its own.
     */
    private static final KieSessionConfiguration SHARED_RULES = sharedRules();

    public CompiledRuleSet(
            String name,
            String sha256,
            long revision,
            KieBase kieBase,
            FactSchema facts,
            DeclaredVariables variables,
            Set<String> segments) {
        this(name, sha256, revision, kieBase, facts, variables, segments, kieBase.newKieSessionsPool(POOLED_SESSIONS));
    }

    /** A reset session from the pool; disposing it hands it back. */
    public KieSession newSession() {
        return sessions.newKieSession(SHARED_RULES);
    }

    /** These rules as the stored revision {@code revision} whose content hash is {@code revisionSha256}. */
    public CompiledRuleSet withRevision(long revision, String revisionSha256) {
        return new CompiledRuleSet(name, revisionSha256, revision, kieBase, facts, variables, segments, sessions);
    }

    private static KieSessionConfiguration sharedRules() {
        KieSessionConfiguration configuration = KieServices.get().newKieSessionConfiguration();
        configuration.setOption(ThreadSafeOption.YES);
        return configuration;
    }
}
