package dev.tailor.decisions;

import dev.tailor.events.RedisKeys;
import dev.tailor.shared.redis.HashSlot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The shards of the decisions' indices: customers waiting to be re-decided and the due-time index with its claims are
 * each split into {@code tailor.decisions.shards} sorted sets, a customer always in the shard its id hashes to. Shard
 * {@code n}'s keys and its lease carry one hash tag, that of slot {@code n * 16384 / shards} ({@link HashSlot#tagOf}),
 * so every script on a shard stays in one slot of a Redis Cluster and the shards spread evenly over its masters.
 */
final class DecisionShards {

    /** The most shards: a power of two, so that each lands on its own slot evenly spaced. */
    static final int MAX = 1024;

    private final int count;
    private final String[] tags;
    private final String nodes;
    private final String scope;

    /**
     * {@code count} shards, a power of two from 1 to {@link #MAX}; {@code scope} is empty but in tests, where it sets
     * the keys apart from the running application's (it follows each tag, so its shards land on other slots).
     */
    DecisionShards(int count, String scope) {
        if (count < 1 || count > MAX || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException(
                    "tailor.decisions.shards must be a power of two from 1 to " + MAX + ", not " + count);
        }
        this.count = count;
        this.tags = IntStream.range(0, count)
                .mapToObj(n -> HashSlot.tagOf(n * (HashSlot.SLOTS / count)) + scope)
                .toArray(String[]::new);
        this.nodes = RedisKeys.ROOT + "decisions:nodes" + scope;
        this.scope = scope;
    }

    static DecisionShards of(DecisionConfig config) {
        return new DecisionShards(config.shards(), "");
    }

    int count() {
        return count;
    }

    List<Integer> all() {
        return IntStream.range(0, count).boxed().toList();
    }

    /** The shard a customer's marks, due time and claim live in. */
    int of(String customerId) {
        return HashSlot.of(customerId) & (count - 1);
    }

    /** Distinct customers by shard, in the order first seen. */
    Map<Integer, List<String>> byShard(Collection<String> customerIds) {
        Map<Integer, List<String>> grouped = new LinkedHashMap<>();
        for (String customerId : new LinkedHashSet<>(customerIds)) {
            grouped.computeIfAbsent(of(customerId), n -> new ArrayList<>()).add(customerId);
        }
        return grouped;
    }

    String pending(int shard) {
        return RedisKeys.ROOT + "decisions:pending:{" + tags[shard] + "}";
    }

    String due(int shard) {
        return RedisKeys.ROOT + "decisions:due:{" + tags[shard] + "}";
    }

    String claims(int shard) {
        return due(shard) + ":claims";
    }

    String lease(int shard) {
        return RedisKeys.ROOT + "decisions:lease:{" + tags[shard] + "}";
    }

    /** The nodes working the shards, each scored by when it stops counting unless it renews. */
    String nodes() {
        return nodes;
    }

    /** The one pending set of Tailor before the shards, drained into them ({@link UnshardedIndices}). */
    String unshardedPending() {
        return RedisKeys.ROOT + "decisions:pending" + scope;
    }

    /** The one due-time index of Tailor before the shards, drained into them. */
    String unshardedDue() {
        return RedisKeys.ROOT + "decisions:due" + scope;
    }

    /** The claims on {@link #unshardedDue()}, drained into the shards' indices as lapsed claims. */
    String unshardedClaims() {
        return unshardedDue() + ":claims";
    }
}
