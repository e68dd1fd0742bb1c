package dev.tailor.decisions;

import dev.tailor.shared.redis.RedisBatches;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The upgrade from one pending set and one due-time index to shards: what Tailor before the shards left in
 * {@code tailor:decisions:pending}, {@code tailor:decisions:due} and its claims is moved into the shards, each
 * customer with its score ({@code ZADD LT}, so that an earlier time there stands), a claim as a lapsed one (due when
 * its lease ends). The node holding shard 0 moves up to {@link #CHUNKS} chunks at each renewal of its leases, so a
 * deployment upgraded node by node also moves what the old nodes still mark; once every node runs the shards, the old
 * keys stay empty and each renewal costs that node three {@code ZRANGE}s that answer nothing.
 */
final class UnshardedIndices {

    static final int CHUNK = 500;
    static final int CHUNKS = 10;

    private final ReactiveRedisDataSource redis;
    private final DecisionShards shards;

    UnshardedIndices(ReactiveRedisDataSource redis, DecisionShards shards) {
        this.redis = redis;
        this.shards = shards;
    }

    /** Moves some of the old keys' customers into the shards; answers how many were moved. */
    Uni<Integer> drain() {
        return move(shards.unshardedPending(), shards::pending, CHUNKS)
                .flatMap(pending -> move(shards.unshardedDue(), shards::due, CHUNKS)
                        .flatMap(due -> move(shards.unshardedClaims(), shards::due, CHUNKS)
                                .map(claims -> pending + due + claims)))
                .invoke(moved -> {
                    if (moved > 0) {
                        Log.infof("Moved %d customer(s) of the unsharded decision indices into their shards", moved);
                    }
                });
    }

    /**
     * Up to {@code chunks} chunks of {@code from}, each added to its shard's set and then removed from {@code from}.
     * A customer the old nodes mark again between the two steps is removed with its new mark; its earlier one is in
     * its shard already, so it is re-decided, though perhaps before that event is applied.
     */
    private Uni<Integer> move(String from, IntFunction<String> to, int chunks) {
        if (chunks == 0) {
            return Uni.createFrom().item(0);
        }
        return redis.sortedSet(String.class)
                .zrangeWithScores(from, 0, CHUNK - 1)
                .flatMap(chunk -> {
                    if (chunk.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Map<Integer, Request> adds = new LinkedHashMap<>();
                    Request remove = Request.cmd(Command.ZREM).arg(from);
                    for (ScoredValue<String> entry : chunk) {
                        adds.computeIfAbsent(
                                        shards.of(entry.value()),
                                        shard -> Request.cmd(Command.ZADD)
                                                .arg(to.apply(shard))
                                                .arg("LT"))
                                .arg(Long.toString((long) entry.score()))
                                .arg(entry.value());
                        remove.arg(entry.value());
                    }
                    List<Request> requests = new ArrayList<>(adds.values());
                    return RedisBatches.send(redis.getRedis(), requests)
                            .flatMap(added -> redis.getRedis().send(remove))
                            .flatMap(removed -> move(from, to, chunks - 1))
                            .map(more -> chunk.size() + more);
                });
    }
}
