package dev.tailor.decisions;

import dev.tailor.decisions.PendingDecisions.Claimed;
import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Claims on the due-time index ({@code tailor:decisions:due:{<shard tag>}}, one per shard: {@link DecisionShards}),
 * held under a lease in the shard's {@code :claims} (a sorted set scored by each lease's end, in the index's slot): a
 * sweeper claims the customers whose time has come in the shards its node holds ({@link ShardLeases}), re-decides
 * them (which puts each one's next change back on the index) and finishes its claims. A customer is claimed by one
 * sweeper at a time, and one whose sweeper died before finishing goes back on the index when the lease ends, so no
 * wake-up is lost to a node that dies, nor to a shard changing hands.
 */
@ApplicationScoped
public class DueClaims {

    private static final RedisScript CLAIM = RedisScript.load(DueClaims.class, ClaimDueCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final DecisionShards shards;
    /** The claims, released as the pending sets' leases are. */
    private final PendingDecisions held;

    @Inject
    public DueClaims(ReactiveRedisDataSource redis, DecisionConfig config) {
        this(redis, DecisionShards.of(config));
    }

    /** Indices and claims of their own (tests: apart from the running application's sweeper). */
    DueClaims(ReactiveRedisDataSource redis, DecisionShards shards) {
        this.redis = redis;
        this.shards = shards;
        this.held = new PendingDecisions(redis, shards, shards::claims);
    }

    /**
     * Customers due by {@code now} in {@code from} (shards), earliest first within each, claimed until
     * {@code leaseEnd}: at most {@code limit} in all, each shard's part of it alike.
     */
    public Uni<Claimed> claim(List<Integer> from, Instant now, Instant leaseEnd, int limit) {
        if (from.isEmpty()) {
            return Uni.createFrom().item(new Claimed(List.of(), false));
        }
        int part = PendingDecisions.part(from, limit);
        return Uni.createFrom()
                .item(() -> claimCalls(from, now, leaseEnd, part))
                .flatMap(calls -> CLAIM.runAll(redis, calls))
                .map(replies -> PendingDecisions.claimed(replies, part));
    }

    /** claim-due.lua, once per shard. */
    List<ClaimDueCall> claimCalls(List<Integer> from, Instant now, Instant leaseEnd, int part) {
        return from.stream()
                .map(shard -> new ClaimDueCall(
                        shards.due(shard), shards.claims(shard), now.toEpochMilli(), leaseEnd.toEpochMilli(), part))
                .toList();
    }

    /** release-pending.lua on the claims, once per shard the customers are in. */
    List<ReleasePendingCall> finishCalls(Collection<String> customerIds, Instant leaseEnd) {
        return held.releaseCalls(customerIds, leaseEnd);
    }

    /**
     * Finishes the claims on these customers made under the lease ending at {@code leaseEnd} (a claim that lapsed and
     * was taken again is left to its new holder); answers how many were finished.
     */
    public Uni<Integer> finish(Collection<String> customerIds, Instant leaseEnd) {
        return held.release(customerIds, leaseEnd);
    }
}
