package dev.tailor.decisions;

import dev.tailor.shared.redis.RedisBatches;
import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Customers waiting to be re-decided after their events ({@code tailor:decisions:pending:{<shard tag>}}, sorted sets
 * scored by when each may be taken, one per shard: {@link DecisionShards}). The facts consumer marks a batch's
 * customers before acknowledging it (one {@code ZADD} per shard the batch touches), so a customer's many events within
 * a moment cost one decision and applying events never waits for rules. A customer is taken under a lease and
 * released only if no event marked it again meanwhile, so that nothing marked is lost to a node that dies; a node
 * takes only from the shards it holds ({@link ShardLeases}).
 */
@ApplicationScoped
public class PendingDecisions {

    private static final RedisScript CLAIM = RedisScript.load(PendingDecisions.class, ClaimPendingCall.SCRIPT);
    private static final RedisScript RELEASE = RedisScript.load(PendingDecisions.class, ReleasePendingCall.SCRIPT);

    /** Customers taken from some shards, and whether a shard had more than its part of the limit. */
    public record Claimed(List<String> customerIds, boolean more) {}

    private final ReactiveRedisDataSource redis;
    private final DecisionShards shards;
    private final IntFunction<String> key;

    @Inject
    public PendingDecisions(ReactiveRedisDataSource redis, DecisionConfig config) {
        this(redis, DecisionShards.of(config));
    }

    /** Sets of their own (tests: apart from the running application's worker). */
    PendingDecisions(ReactiveRedisDataSource redis, DecisionShards shards) {
        this(redis, shards, shards::pending);
    }

    /** The sorted sets {@code key} names per shard, worked as the pending sets are (the due-time claims). */
    PendingDecisions(ReactiveRedisDataSource redis, DecisionShards shards, IntFunction<String> key) {
        this.redis = redis;
        this.shards = shards;
        this.key = key;
    }

    /** Marks customers to be re-decided now; one that is leased goes back to now, to be re-decided again. */
    public Uni<Void> mark(Collection<String> customerIds, Instant now) {
        String score = Long.toString(now.toEpochMilli());
        return zadd(customerIds, "LT", customerId -> score);
    }

    /**
     * Puts customers back to be taken at the given times, whatever their lease (a failed re-decision waits its
     * backoff); an event marking one later brings it back to its time.
     */
    public Uni<Void> retryAt(Map<String, Instant> when) {
        return zadd(
                when.keySet(),
                null,
                customerId -> Long.toString(when.get(customerId).toEpochMilli()));
    }

    /** One {@code ZADD} per shard the customers are in, pipelined. */
    private Uni<Void> zadd(Collection<String> customerIds, String flag, Function<String, String> score) {
        List<Request> requests = new ArrayList<>();
        shards.byShard(customerIds).forEach((shard, ids) -> {
            Request request = Request.cmd(Command.ZADD).arg(key.apply(shard));
            if (flag != null) {
                request.arg(flag);
            }
            ids.forEach(customerId -> request.arg(score.apply(customerId)).arg(customerId));
            requests.add(request);
        });
        return send(requests).replaceWithVoid();
    }

    private Uni<List<Response>> send(List<Request> requests) {
        return requests.isEmpty() ? Uni.createFrom().item(List.of()) : RedisBatches.send(redis.getRedis(), requests);
    }

    /**
     * Customers taken until {@code leaseEnd} from {@code from} (shards), those marked earliest first within each: at
     * most {@code limit} in all, each shard's part of it alike.
     */
    public Uni<Claimed> claim(List<Integer> from, Instant now, Instant leaseEnd, int limit) {
        if (from.isEmpty()) {
            return Uni.createFrom().item(new Claimed(List.of(), false));
        }
        int part = part(from, limit);
        return Uni.createFrom()
                .item(() -> claimCalls(from, now, leaseEnd, part))
                .flatMap(calls -> CLAIM.runAll(redis, calls))
                .map(replies -> claimed(replies, part));
    }

    /** Each shard's part of a claim's limit. */
    static int part(List<Integer> from, int limit) {
        return Math.max(1, limit / from.size());
    }

    /** claim-pending.lua, once per shard. */
    List<ClaimPendingCall> claimCalls(List<Integer> from, Instant now, Instant leaseEnd, int part) {
        return from.stream()
                .map(shard -> new ClaimPendingCall(key.apply(shard), now.toEpochMilli(), leaseEnd.toEpochMilli(), part))
                .toList();
    }

    /** The customers the claim scripts answered, and whether any shard gave its whole part. */
    static Claimed claimed(List<Response> replies, int part) {
        List<String> ids = new ArrayList<>();
        boolean more = false;
        for (Response reply : replies) {
            ids.addAll(ids(reply));
            more |= reply.size() == part;
        }
        return new Claimed(ids, more);
    }

    /** Releases customers re-decided under the lease ending at {@code leaseEnd}; answers how many were released. */
    public Uni<Integer> release(Collection<String> customerIds, Instant leaseEnd) {
        return RELEASE.runAll(redis, releaseCalls(customerIds, leaseEnd))
                .map(replies -> replies.stream().mapToInt(Response::toInteger).sum());
    }

    /** release-pending.lua, once per shard the customers are in. */
    List<ReleasePendingCall> releaseCalls(Collection<String> customerIds, Instant leaseEnd) {
        List<ReleasePendingCall> calls = new ArrayList<>();
        shards.byShard(customerIds)
                .forEach((shard, ids) ->
                        calls.add(new ReleasePendingCall(key.apply(shard), leaseEnd.toEpochMilli(), ids)));
        return calls;
    }

    /** When the customer may next be taken, if marked. */
    public Uni<Optional<Instant>> pendingSince(String customerId) {
        return redis.sortedSet(String.class)
                .zscore(key.apply(shards.of(customerId)), customerId)
                .map(score -> score == null
                        ? Optional.<Instant>empty()
                        : Optional.of(Instant.ofEpochMilli(score.longValue())));
    }

    /** How many customers wait, in all shards. */
    public Uni<Long> size() {
        return send(shards.all().stream()
                        .map(shard -> Request.cmd(Command.ZCARD).arg(key.apply(shard)))
                        .toList())
                .map(replies -> replies.stream().mapToLong(Response::toLong).sum());
    }

    static List<String> ids(Response response) {
        List<String> ids = new ArrayList<>(response.size());
        for (Response id : response) {
            ids.add(id.toString());
        }
        return ids;
    }
}
