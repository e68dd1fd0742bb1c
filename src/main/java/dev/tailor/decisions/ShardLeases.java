package dev.tailor.decisions;

import dev.tailor.shared.redis.RedisBatches;
import dev.tailor.shared.redis.RedisScript;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Which shards of the decisions' indices ({@link DecisionShards}) this node works: those whose lease it holds. Every
 * {@code shard-lease-every} a node says it is alive (the nodes' set, each scored by when it stops counting), counts
 * the nodes alive, and holds up to its share of the shards (their number divided by the nodes', rounded up): it
 * renews the leases it holds up to its share, gives up the rest, and takes free ones up to its share. Two nodes thus
 * split the shards, and one takes them all once the other stops renewing (its leases lapse after
 * {@code shard-lease}). A shard changing hands mid-batch re-decides no customer twice at once: the customers' own
 * claims are leases too.
 */
@ApplicationScoped
public class ShardLeases {

    private static final RedisScript HOLD = RedisScript.load(ShardLeases.class, HoldLeaseCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final DecisionShards shards;
    private final String node;
    private final Duration length;
    private final UnshardedIndices unsharded;
    private volatile List<Integer> held = List.of();

    @Inject
    public ShardLeases(ReactiveRedisDataSource redis, DecisionConfig config) {
        this(redis, DecisionShards.of(config), UUID.randomUUID().toString(), config.shardLease());
    }

    /** The leases of {@code shards} as node {@code node} holds them (tests: several nodes in one process). */
    ShardLeases(ReactiveRedisDataSource redis, DecisionShards shards, String node, Duration length) {
        this.redis = redis;
        this.shards = shards;
        this.node = node;
        this.length = length;
        this.unsharded = new UnshardedIndices(redis, shards);
    }

    /** The shards this node held at its last renewal, in order. */
    public List<Integer> held() {
        return held;
    }

    @Scheduled(
            every = "${tailor.decisions.shard-lease-every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> renewNow() {
        return renew(Instant.now()).replaceWithVoid().onFailure().recoverWithItem(failure -> {
            // The leases held lapse on their own; until they do, their shards are still this node's to work.
            Log.warnf("Could not renew the leases on the decisions' shards: %s", failure.toString());
            return null;
        });
    }

    /**
     * Says this node is alive and holds its share of the shards; answers the shards it holds. The holder of shard 0
     * also moves what Tailor before the shards left in its one pending set and due-time index.
     */
    Uni<List<Integer>> renew(Instant now) {
        return leases(now)
                .flatMap(holding -> holding.contains(0)
                        ? unsharded.drain().replaceWith(holding)
                        : Uni.createFrom().item(holding));
    }

    private Uni<List<Integer>> leases(Instant now) {
        List<Request> requests = new ArrayList<>(shards.count() + 3);
        requests.add(Request.cmd(Command.ZADD)
                .arg(shards.nodes())
                .arg(now.plus(length).toEpochMilli())
                .arg(node));
        requests.add(Request.cmd(Command.ZREMRANGEBYSCORE)
                .arg(shards.nodes())
                .arg("-inf")
                .arg(now.toEpochMilli()));
        requests.add(Request.cmd(Command.ZCARD).arg(shards.nodes()));
        for (int n = 0; n < shards.count(); n++) {
            requests.add(Request.cmd(Command.GET).arg(shards.lease(n)));
        }
        return RedisBatches.send(redis.getRedis(), requests).flatMap(replies -> {
            int nodes = Math.max(1, replies.get(2).toInteger());
            int share = (shards.count() + nodes - 1) / nodes;
            List<Integer> mine = new ArrayList<>();
            List<Integer> free = new ArrayList<>();
            for (int n = 0; n < shards.count(); n++) {
                Response holder = replies.get(3 + n);
                if (holder == null) {
                    free.add(n);
                } else if (node.equals(holder.toString())) {
                    mine.add(n);
                }
            }
            // Free shards in a random order, so that nodes taking at once mostly take different ones.
            Collections.shuffle(free);
            int kept = Math.min(share, mine.size());
            List<Integer> wanted = new ArrayList<>(mine.subList(0, kept));
            wanted.addAll(free.subList(0, Math.min(free.size(), share - kept)));
            return hold(wanted, mine.subList(kept, mine.size()));
        });
    }

    /** hold-lease.lua holding the {@code wanted} shards' leases, then dropping the {@code given} ones'. */
    List<HoldLeaseCall> holdCalls(List<Integer> wanted, List<Integer> given) {
        List<HoldLeaseCall> calls = new ArrayList<>(wanted.size() + given.size());
        wanted.forEach(n -> calls.add(new HoldLeaseCall(shards.lease(n), node, true, length.toMillis())));
        given.forEach(n -> calls.add(new HoldLeaseCall(shards.lease(n), node, false, length.toMillis())));
        return calls;
    }

    private Uni<List<Integer>> hold(List<Integer> wanted, List<Integer> given) {
        return HOLD.runAll(redis, holdCalls(wanted, given)).map(replies -> {
            List<Integer> holding = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
                if (replies.get(i).toInteger() == 1) {
                    holding.add(wanted.get(i));
                }
            }
            Collections.sort(holding);
            held = List.copyOf(holding);
            return held;
        });
    }

    /** Gives up this node's leases and its place among the nodes, so that the others take its shards at once. */
    Uni<Void> release() {
        List<Integer> giving = held;
        held = List.of();
        return hold(List.of(), giving)
                .flatMap(ignored -> redis.sortedSet(String.class).zrem(shards.nodes(), node))
                .replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent event) {
        try {
            release().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            Log.debugf("Left the decisions' shard leases to lapse: %s", e.toString());
        }
    }
}
