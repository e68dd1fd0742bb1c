package dev.tailor.shared.redis;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.impl.RedisClusterClient;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pipelined batches that a Redis Cluster takes. On one Redis a batch is one pipeline, as {@code redis.batch} sends it.
 * On a cluster the client refuses a pipeline whose keys are not all on one node, so the requests are grouped by the
 * master of their keys' slot ({@link RedisCluster#groupByNodes}, from the client's own slot map), one pipeline per
 * master, sent at once; the answers come back in the caller's order. A customer's keys share its slot, so one
 * customer's commands stay in order within its master's pipeline. Pipelines on different masters are not ordered
 * between them, and one failing leaves the others done.
 *
 * <p>Quarkus hands out its client wrapped (for metrics), which {@link RedisCluster#create} does not accept: the
 * cluster client is taken from inside the wrapper ({@link #clusterOf}), and the pipelines still go through the wrapper.
 */
public final class RedisBatches {

    /** The field of a wrapping client that holds the client it wraps, per class (none for the Vert.x clients). */
    private static final ClassValue<Optional<Field>> WRAPPED = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            for (Field field : type.getDeclaredFields()) {
                if (io.vertx.redis.client.Redis.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    return Optional.of(field);
                }
            }
            return Optional.empty();
        }
    };

    private RedisBatches() {}

    /** Sends {@code requests} pipelined (one pipeline per master on a cluster), answering in their order. */
    public static Uni<List<Response>> send(Redis redis, List<Request> requests) {
        return send(redis, requests, redis::batch);
    }

    /**
     * As {@link #send(Redis, List)}, with {@code pipeline} sending one master's requests (in their order) and
     * answering in that order, so a caller can recover a master's pipeline on its own (a script missing from that
     * master's cache).
     */
    public static Uni<List<Response>> send(
            Redis redis, List<Request> requests, Function<List<Request>, Uni<List<Response>>> pipeline) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Optional<RedisCluster> cluster = clusterOf(redis);
        if (cluster.isEmpty()) {
            return pipeline.apply(requests);
        }
        List<io.vertx.redis.client.Request> bare =
                requests.stream().map(Request::getDelegate).toList();
        return UniHelper.toUni(cluster.get().groupByNodes(bare))
                .flatMap(groups ->
                        groups.size() == 1 ? pipeline.apply(requests) : perMaster(requests, bare, groups, pipeline));
    }

    private static Uni<List<Response>> perMaster(
            List<Request> requests,
            List<io.vertx.redis.client.Request> bare,
            List<List<io.vertx.redis.client.Request>> groups,
            Function<List<Request>, Uni<List<Response>>> pipeline) {
        Map<io.vertx.redis.client.Request, Deque<Integer>> positions = new IdentityHashMap<>();
        for (int i = 0; i < bare.size(); i++) {
            positions.computeIfAbsent(bare.get(i), any -> new ArrayDeque<>()).add(i);
        }
        List<int[]> groupPositions = new ArrayList<>(groups.size());
        List<Uni<List<Response>>> sent = new ArrayList<>(groups.size());
        for (List<io.vertx.redis.client.Request> group : groups) {
            int[] at = new int[group.size()];
            List<Request> own = new ArrayList<>(group.size());
            for (int j = 0; j < group.size(); j++) {
                at[j] = positions.get(group.get(j)).poll();
                own.add(requests.get(at[j]));
            }
            groupPositions.add(at);
            sent.add(pipeline.apply(own));
        }
        return Uni.join().all(sent).andFailFast().map(answers -> {
            Response[] inOrder = new Response[requests.size()];
            for (int g = 0; g < answers.size(); g++) {
                int[] at = groupPositions.get(g);
                for (int j = 0; j < at.length; j++) {
                    inOrder[at[j]] = answers.get(g).get(j);
                }
            }
            return Arrays.asList(inOrder);
        });
    }

    /** The cluster behind {@code redis}, unwrapped from Quarkus's metrics wrapper; empty on one Redis. */
    static Optional<RedisCluster> clusterOf(Redis redis) {
        io.vertx.redis.client.Redis client = redis.getDelegate();
        for (int depth = 0; depth < 4 && !(client instanceof RedisClusterClient); depth++) {
            Optional<Field> wrapped = WRAPPED.get(client.getClass());
            if (wrapped.isEmpty()) {
                return Optional.empty();
            }
            try {
                client = (io.vertx.redis.client.Redis) wrapped.get().get(client);
                if (client == null) {
                    return Optional.empty();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot reach the Redis client inside " + client.getClass(), e);
            }
        }
        return client instanceof RedisClusterClient ? Optional.of(RedisCluster.create(client)) : Optional.empty();
    }
}
