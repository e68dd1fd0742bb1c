package dev.tailor.rules;

import dev.tailor.facts.FactSchema;
import org.kie.api.KieBase;

/**
 * A rule set compiled into a {@link KieBase}, immutable and shared by every evaluation of its revision.
 *
 * @param revision the id PostgreSQL gave this content, 0 until it is recorded
 * @param facts the facts the rule set declares, which Tailor tracks while it is active
 */
public record CompiledRuleSet(String name, String sha256, long revision, KieBase kieBase, FactSchema facts) {

    public CompiledRuleSet withRevision(long revision) {
        return new CompiledRuleSet(name, sha256, revision, kieBase, facts);
    }
}
