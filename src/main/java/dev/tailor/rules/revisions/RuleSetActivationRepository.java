package dev.tailor.rules.revisions;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The activation log in PostgreSQL; the latest entry of a rule set names its active revision. */
@ApplicationScoped
public class RuleSetActivationRepository implements PanacheRepository<RuleSetActivation> {

    /**
     * Holds, until the current transaction ends, the lock that serialises the activations of {@code ruleSet} across
     * nodes: whoever holds it reads the latest entry and writes the next one.
     */
    public Uni<Void> lockLog(String ruleSet) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "select count(*) from (select pg_advisory_xact_lock(hashtext(:key))) as locked",
                                Long.class)
                        .setParameter("key", "rule_set_activation:" + ruleSet)
                        .getSingleResult())
                .replaceWithVoid();
    }

    public Uni<RuleSetActivation> latest(String ruleSet) {
        return find("ruleSet", Sort.descending("id"), ruleSet).firstResult();
    }

    public Uni<List<RuleSetActivation>> logOf(String ruleSet) {
        return list("ruleSet", Sort.descending("id"), ruleSet);
    }

    /** The latest activation of every rule set. */
    public Uni<List<RuleSetActivation>> latestOfEach() {
        return list("id in (select max(a.id) from RuleSetActivation a group by a.ruleSet)");
    }
}
