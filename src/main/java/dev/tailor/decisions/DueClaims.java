package dev.tailor.decisions;

import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Claims on the due-time index ({@code tailor:decisions:due}), held under a lease in
 * {@code tailor:decisions:due:claims} (a sorted set scored by each lease's end): a sweeper claims the customers whose
 * time has come, re-decides them (which puts each one's next change back on the index) and finishes its claims. A
 * customer is claimed by one sweeper at a time, and one whose sweeper died before finishing goes back on the index when
 * the lease ends, so no wake-up is lost to a node that dies.
 */
@ApplicationScoped
public class DueClaims {

    static final String CLAIMS = DecisionStateStore.DUE + ":claims";
    private static final RedisScript CLAIM = RedisScript.load(DueClaims.class, ClaimDueCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final String due;
    private final String claims;
    /** The claims, released as the pending set's leases are. */
    private final PendingDecisions held;

    @Inject
    public DueClaims(ReactiveRedisDataSource redis) {
        this(redis, DecisionStateStore.DUE, CLAIMS);
    }

    /** An index and claims of their own (tests: apart from the running application's sweeper). */
    DueClaims(ReactiveRedisDataSource redis, String due, String claims) {
        this.redis = redis;
        this.due = due;
        this.claims = claims;
        this.held = new PendingDecisions(redis, claims);
    }

    /** Customers due by {@code now}, at most {@code limit}, earliest first, claimed until {@code leaseEnd}. */
    public Uni<List<String>> claim(Instant now, Instant leaseEnd, int limit) {
        return Uni.createFrom()
                .item(() -> new ClaimDueCall(due, claims, now.toEpochMilli(), leaseEnd.toEpochMilli(), limit))
                .flatMap(call -> CLAIM.run(redis, call))
                .map(PendingDecisions::ids);
    }

    /**
     * Finishes the claims on these customers made under the lease ending at {@code leaseEnd} (a claim that lapsed and
     * was taken again is left to its new holder); answers how many were finished.
     */
    public Uni<Integer> finish(Collection<String> customerIds, Instant leaseEnd) {
        return held.release(customerIds, leaseEnd);
    }
}
