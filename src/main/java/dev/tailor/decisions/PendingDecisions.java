package dev.tailor.decisions;

import dev.tailor.events.RedisKeys;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customers waiting to be re-decided after their events ({@code tailor:decisions:pending}, a sorted set scored by
 * when each may be taken). The facts consumer marks a batch's customers before acknowledging it, so a customer's many
 * events within a moment cost one decision and applying events never waits for rules. A customer is taken under a
 * lease and released only if no event marked it again meanwhile, so that nothing marked is lost to a node that dies.
 */
@ApplicationScoped
public class PendingDecisions {

    static final String PENDING = RedisKeys.ROOT + "decisions:pending";
    private static final RedisScript CLAIM = RedisScript.load(PendingDecisions.class, ClaimPendingCall.SCRIPT);
    private static final RedisScript RELEASE = RedisScript.load(PendingDecisions.class, ReleasePendingCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final String key;

    @Inject
    public PendingDecisions(ReactiveRedisDataSource redis) {
        this(redis, PENDING);
    }

    /** A set of its own under {@code key} (tests: apart from the running application's worker). */
    PendingDecisions(ReactiveRedisDataSource redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    /** Marks customers to be re-decided now; one that is leased goes back to now, to be re-decided again. */
    public Uni<Void> mark(Collection<String> customerIds, Instant now) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Request request = Request.cmd(Command.ZADD).arg(key).arg("LT");
        String score = Long.toString(now.toEpochMilli());
        for (String customerId : new LinkedHashSet<>(customerIds)) {
            request.arg(score).arg(customerId);
        }
        return redis.getRedis().send(request).replaceWithVoid();
    }

    /**
     * Puts customers back to be taken at the given times, whatever their lease (a failed re-decision waits its
     * backoff); an event marking one later brings it back to its time.
     */
    public Uni<Void> retryAt(Map<String, Instant> when) {
        if (when.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Request request = Request.cmd(Command.ZADD).arg(key);
        when.forEach((customerId, at) ->
                request.arg(Long.toString(at.toEpochMilli())).arg(customerId));
        return redis.getRedis().send(request).replaceWithVoid();
    }

    /** Customers taken until {@code leaseEnd}, at most {@code limit}, those marked earliest first. */
    public Uni<List<String>> claim(Instant now, Instant leaseEnd, int limit) {
        return Uni.createFrom()
                .item(() -> new ClaimPendingCall(key, now.toEpochMilli(), leaseEnd.toEpochMilli(), limit))
                .flatMap(call -> CLAIM.run(redis, call))
                .map(PendingDecisions::ids);
    }

    /** Releases customers re-decided under the lease ending at {@code leaseEnd}; answers how many were released. */
    public Uni<Integer> release(Collection<String> customerIds, Instant leaseEnd) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.createFrom()
                .item(() -> new ReleasePendingCall(key, leaseEnd.toEpochMilli(), List.copyOf(customerIds)))
                .flatMap(call -> RELEASE.run(redis, call))
                .map(Response::toInteger);
    }

    /** When the customer may next be taken, if marked. */
    public Uni<Optional<Instant>> pendingSince(String customerId) {
        return redis.sortedSet(String.class)
                .zscore(key, customerId)
                .map(score -> score == null
                        ? Optional.<Instant>empty()
                        : Optional.of(Instant.ofEpochMilli(score.longValue())));
    }

    /** How many customers wait. */
    public Uni<Long> size() {
        return redis.sortedSet(String.class).zcard(key);
    }

    static List<String> ids(Response response) {
        List<String> ids = new ArrayList<>(response.size());
        for (Response id : response) {
            ids.add(id.toString());
        }
        return ids;
    }
}
