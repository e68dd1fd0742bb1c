package dev.tailor.decisions;

import dev.tailor.facts.FactsStore;
import dev.tailor.shared.redis.RedisBatches;
import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last recorded decision of each customer, kept in its facts hash (field {@code d:<rule set>}, and
 * {@code dp:<rule set>} for a change not yet published: see record-decision.lua), and the due-time index (sharded,
 * {@code tailor:decisions:due:{<shard tag>}}: {@link DecisionShards}): when each customer's decision may next change
 * with no new event. The index is "no later than": a customer may be looked at early, never late.
 */
@ApplicationScoped
public class DecisionStateStore {

    private static final RedisScript RECORD = RedisScript.load(DecisionStateStore.class, RecordDecisionCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final ReactiveSortedSetCommands<String, String> sortedSets;
    private final SegmentCodes codes;
    private final DecisionShards shards;

    @Inject
    public DecisionStateStore(ReactiveRedisDataSource redis, SegmentCodes codes, DecisionConfig config) {
        this(redis, codes, DecisionShards.of(config));
    }

    DecisionStateStore(ReactiveRedisDataSource redis, SegmentCodes codes, DecisionShards shards) {
        this.redis = redis;
        this.sortedSets = redis.sortedSet(String.class);
        this.codes = codes;
        this.shards = shards;
    }

    /** The field of the facts hash that holds the decision recorded under {@code ruleSet}. */
    static String decisionField(String ruleSet) {
        return "d:" + ruleSet;
    }

    /** The field of the facts hash that holds a change under {@code ruleSet} Kafka does not have yet. */
    static String unpublishedField(String ruleSet) {
        return "dp:" + ruleSet;
    }

    /**
     * The outcome of recording a decision: stale, or recorded with the segments recorded before (if any) and a change
     * that was recorded but never confirmed published (if any).
     */
    public record Recorded(boolean accepted, Optional<List<String>> previous, Optional<String> unpublished) {}

    /** A decision to record: the customer's segments under a rule set, made from a facts version at a moment. */
    public record Made(String customerId, String ruleSet, long factsVersion, Instant at, List<String> segments) {}

    /**
     * Records each decision unless newer facts or a later decision were recorded meanwhile, in one pipelined round
     * trip (after registering segment names this node has not seen, and before naming recorded codes it does not
     * know: one round trip each at most); answers in their order.
     */
    public Uni<List<Recorded>> recordAll(List<Made> decisions) {
        List<String> names =
                decisions.stream().flatMap(made -> made.segments().stream()).toList();
        return codes.register(names)
                .map(coded ->
                        decisions.stream().map(made -> recordCall(made, coded)).toList())
                .flatMap(calls -> RECORD.runAll(redis, calls))
                .flatMap(this::recorded);
    }

    /** record-decision.lua for one decision, its segments coded as {@code coded} says. */
    static RecordDecisionCall recordCall(Made made, Map<String, String> coded) {
        return new RecordDecisionCall(
                FactsStore.factsKey(made.customerId()),
                made.factsVersion(),
                made.at().toEpochMilli(),
                made.segments().stream().map(coded::get).toList(),
                made.ruleSet());
    }

    private Uni<List<Recorded>> recorded(List<Response> responses) {
        List<String> previousCodes = new ArrayList<>();
        for (Response response : responses) {
            if (response.get(0).toInteger() == 1 && response.get(1).toInteger() == 1) {
                previousCodes.addAll(lines(response.get(2).toString()));
            }
        }
        return codes.names(previousCodes)
                .map(names -> responses.stream()
                        .map(response -> recorded(response, names))
                        .toList());
    }

    private static Recorded recorded(Response response, Map<String, String> names) {
        if (response.get(0).toInteger() == 0) {
            return new Recorded(false, Optional.empty(), Optional.empty());
        }
        String unpublished = response.get(3).toString();
        Optional<String> pending = unpublished.isEmpty() ? Optional.empty() : Optional.of(unpublished);
        if (response.get(1).toInteger() == 0) {
            return new Recorded(true, Optional.empty(), pending);
        }
        List<String> previous =
                lines(response.get(2).toString()).stream().map(names::get).toList();
        return new Recorded(true, Optional.of(previous), pending);
    }

    private static List<String> lines(String recorded) {
        return recorded.isEmpty() ? List.of() : Arrays.asList(recorded.split("\n"));
    }

    /**
     * One pipelined round trip of bookkeeping after {@link #recordAll}: changes kept until Kafka has them
     * ({@code unpublished}: customer id to change, of {@code ruleSet}) and due times ({@code dues}).
     */
    public Uni<Void> keep(String ruleSet, Map<String, String> unpublished, Map<String, Instant> dues) {
        List<Request> requests = new ArrayList<>();
        unpublished.forEach((customerId, change) -> requests.add(Request.cmd(Command.HSET)
                .arg(FactsStore.factsKey(customerId))
                .arg(unpublishedField(ruleSet))
                .arg(change)));
        dues.forEach((customerId, due) -> requests.add(dueRequest(customerId, due)));
        return run(requests);
    }

    /** Forgets the kept changes of these customers under a rule set: Kafka has them. */
    public Uni<Void> publishedAll(String ruleSet, Collection<String> customerIds) {
        return run(customerIds.stream()
                .map(customerId -> Request.cmd(Command.HDEL)
                        .arg(FactsStore.factsKey(customerId))
                        .arg(unpublishedField(ruleSet)))
                .toList());
    }

    /**
     * Drops a customer's recorded decisions under {@code ruleSets}, its place on the due-time index and any claim on
     * it there, and its mark among the customers waiting to be re-decided.
     */
    public Uni<Void> forget(String customerId, Collection<String> ruleSets) {
        List<Request> requests = new ArrayList<>(4);
        if (!ruleSets.isEmpty()) {
            Request fields = Request.cmd(Command.HDEL).arg(FactsStore.factsKey(customerId));
            ruleSets.forEach(ruleSet -> fields.arg(decisionField(ruleSet)).arg(unpublishedField(ruleSet)));
            requests.add(fields);
        }
        int shard = shards.of(customerId);
        requests.add(Request.cmd(Command.ZREM).arg(shards.due(shard)).arg(customerId));
        requests.add(Request.cmd(Command.ZREM).arg(shards.claims(shard)).arg(customerId));
        requests.add(Request.cmd(Command.ZREM).arg(shards.pending(shard)).arg(customerId));
        return run(requests);
    }

    /** Makes sure these customers are looked at no later than {@code due}. */
    public Uni<Void> dueNoLaterThan(Collection<String> customerIds, Instant due) {
        return run(customerIds.stream()
                .map(customerId -> dueRequest(customerId, due))
                .toList());
    }

    private Request dueRequest(String customerId, Instant due) {
        return Request.cmd(Command.ZADD)
                .arg(shards.due(shards.of(customerId)))
                .arg("LT")
                .arg(due.toEpochMilli())
                .arg(customerId);
    }

    private Uni<Void> run(List<Request> requests) {
        return requests.isEmpty()
                ? Uni.createFrom().voidItem()
                : RedisBatches.send(redis.getRedis(), requests).replaceWithVoid();
    }

    /** The customer's due time, if indexed. */
    public Uni<Optional<Instant>> due(String customerId) {
        return sortedSets
                .zscore(shards.due(shards.of(customerId)), customerId)
                .map(score -> score == null
                        ? Optional.<Instant>empty()
                        : Optional.of(Instant.ofEpochMilli(score.longValue())));
    }

    /** The segments recorded for the customer, if any. */
    public Uni<Optional<List<String>>> recordedSegments(String customerId, String ruleSet) {
        return redis.hash(String.class)
                .hget(FactsStore.factsKey(customerId), decisionField(ruleSet))
                .flatMap(recorded -> {
                    if (recorded == null) {
                        return Uni.createFrom().item(Optional.<List<String>>empty());
                    }
                    List<String> recordedCodes = lines(recorded.split(":", 3)[2]);
                    return codes.names(recordedCodes)
                            .map(names -> Optional.of(
                                    recordedCodes.stream().map(names::get).toList()));
                });
    }
}
