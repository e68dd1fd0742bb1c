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
 * @param revision the id PostgreSQL gave this content, 0 until it is recorded
 * @param facts the facts the rule set declares, which Tailor tracks while it is active
 * @param variables the variables it declares, which every decision of it holds
 * @param segments the segments its rules can put a customer in (literal names in its rules and tables)
 * @param sessions sessions of this KieBase for reuse: disposing one resets it and hands it back
 */
public record CompiledRuleSet(String name, String sha256, long revision, KieBase kieBase, FactSchema facts,
        DeclaredVariables variables, Set<String> segments, KieSessionsPool sessions) {

    /** Sessions the pool makes up front; it grows to as many as evaluations run at once. */
    private static final int POOLED_SESSIONS = 4;
    /**
     * One evaluation uses a session on one thread from borrowing to disposing, so sessions skip the locking a
     * session shared between threads needs (its propagation list is a plain one).
     */
    private static final KieSessionConfiguration ONE_THREAD = oneThread();

    public CompiledRuleSet(String name, String sha256, long revision, KieBase kieBase, FactSchema facts,
            DeclaredVariables variables, Set<String> segments) {
        this(name, sha256, revision, kieBase, facts, variables, segments, kieBase.newKieSessionsPool(POOLED_SESSIONS));
    }

    /** A reset session from the pool; disposing it hands it back. */
    public KieSession newSession() {
        return sessions.newKieSession(ONE_THREAD);
    }

    public CompiledRuleSet withRevision(long revision) {
        return new CompiledRuleSet(name, sha256, revision, kieBase, facts, variables, segments, sessions);
    }

    private static KieSessionConfiguration oneThread() {
        KieSessionConfiguration configuration = KieServices.get().newKieSessionConfiguration();
        configuration.setOption(ThreadSafeOption.NO);
        return configuration;
    }
}
