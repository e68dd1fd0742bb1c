package dev.tailor.decisions;

import dev.tailor.facts.FactsStore;
import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZAddArgs;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The last recorded decision of each customer ({@code tailor:c:{id}:decision:<rule set>}) and the due-time index
 * ({@code tailor:decisions:due}): when each customer's decision may next change with no new event. The index is
 * "no later than": a customer may be looked at early, never late.
 */
@ApplicationScoped
public class DecisionStateStore {

    static final String DUE = "tailor:decisions:due";
    private static final RedisScript RECORD = RedisScript.load(DecisionStateStore.class, "record-decision.lua");

    private final ReactiveRedisDataSource redis;
    private final ReactiveSortedSetCommands<String, String> sortedSets;

    public DecisionStateStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.sortedSets = redis.sortedSet(String.class);
    }

    static String decisionKey(String customerId, String ruleSet) {
        return FactsStore.factsKey(customerId) + ":decision:" + ruleSet;
    }

    /**
     * The outcome of {@link #record}: stale, or recorded with the segments recorded before (if any) and a change
     * that was recorded but never confirmed published (if any).
     */
    public record Recorded(boolean accepted, Optional<List<String>> previous, Optional<String> unpublished) {}

    /**
     * Records {@code segments} as the customer's decision made from facts version {@code factsVersion} at
     * {@code at}, unless newer facts or a later decision were recorded meanwhile.
     */
    public Uni<Recorded> record(String customerId, String ruleSet, long factsVersion, Instant at,
            List<String> segments) {
        return RECORD.run(redis, List.of(FactsStore.factsKey(customerId), decisionKey(customerId, ruleSet)),
                        List.of(Long.toString(factsVersion), Long.toString(at.toEpochMilli()),
                                String.join("\n", segments)))
                .map(DecisionStateStore::recorded);
    }

    private static Recorded recorded(Response response) {
        if (response.get(0).toInteger() == 0) {
            return new Recorded(false, Optional.empty(), Optional.empty());
        }
        String unpublished = response.get(3).toString();
        Optional<String> pending = unpublished.isEmpty() ? Optional.empty() : Optional.of(unpublished);
        if (response.get(1).toInteger() == 0) {
            return new Recorded(true, Optional.empty(), pending);
        }
        String previous = response.get(2).toString();
        return new Recorded(true, Optional.of(previous.isEmpty() ? List.of() : Arrays.asList(previous.split("\n"))),
                pending);
    }

    /** Keeps a change until Kafka has it ({@link #published}); the next decision republishes it otherwise. */
    public Uni<Void> unpublished(String customerId, String ruleSet, String change) {
        return redis.hash(String.class).hset(decisionKey(customerId, ruleSet), "p", change).replaceWithVoid();
    }

    public Uni<Void> published(String customerId, String ruleSet) {
        return redis.hash(String.class).hdel(decisionKey(customerId, ruleSet), "p").replaceWithVoid();
    }

    /** Makes sure the customer is looked at no later than {@code due}. */
    /** Drops a customer's recorded decisions under {@code ruleSets} and its place on the due-time index. */
    public Uni<Void> forget(String customerId, java.util.Collection<String> ruleSets) {
        List<String> keys = ruleSets.stream().map(ruleSet -> decisionKey(customerId, ruleSet)).toList();
        Uni<Void> removed = keys.isEmpty() ? Uni.createFrom().voidItem()
                : redis.key(String.class).del(keys.toArray(String[]::new)).replaceWithVoid();
        return removed.flatMap(ignored -> sortedSets.zrem(DUE, customerId)).replaceWithVoid();
    }

    public Uni<Void> dueNoLaterThan(String customerId, Instant due) {
        return sortedSets.zadd(DUE, new ZAddArgs().lt(), due.toEpochMilli(), customerId).replaceWithVoid();
    }

    /** Customers whose due time has come, earliest first. */
    public Uni<List<String>> dueBy(Instant now, int limit) {
        return sortedSets.zrangebyscore(DUE, ScoreRange.from(Double.NEGATIVE_INFINITY, now.toEpochMilli()),
                new ZRangeArgs().limit(0, limit));
    }

    /** Takes a due customer off the index; true for exactly one of several sweepers racing for it. */
    public Uni<Boolean> claim(String customerId) {
        return sortedSets.zrem(DUE, customerId).map(removed -> removed == 1);
    }

    /** The customer's due time, if indexed. */
    public Uni<Optional<Instant>> due(String customerId) {
        return sortedSets.zscore(DUE, customerId)
                .map(score -> score == null ? Optional.<Instant>empty()
                        : Optional.of(Instant.ofEpochMilli(score.longValue())));
    }

    /** The segments recorded for the customer, if any. */
    public Uni<Optional<List<String>>> recordedSegments(String customerId, String ruleSet) {
        return redis.hash(String.class).hget(decisionKey(customerId, ruleSet), "s")
                .map(s -> s == null ? Optional.<List<String>>empty()
                        : Optional.of(s.isEmpty() ? List.<String>of() : Arrays.asList(s.split("\n"))));
    }
}
