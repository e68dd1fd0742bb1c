package dev.tailor.security;

import dev.tailor.events.RedisKeys;
import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Token buckets in Redis, shared by every node: per API key (a key limited to N requests a second may burst up to N
 * and then gets N a second; keys without a limit never reach Redis), and for any other feature's pace under a key of
 * its own ({@link #take(String, int, int)}).
 */
@ApplicationScoped
public class RateLimiter {

    private static final RedisScript TAKE = RedisScript.load(RateLimiter.class, TakeTokenCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final Duration budget;

    public RateLimiter(ReactiveRedisDataSource redis, SecurityConfig config) {
        this.redis = redis;
        this.budget = config.rateLimitBudget();
    }

    /**
     * Zero when the request may go; otherwise how long to wait before the next token. Fails when Redis does not
     * answer within the budget, so that a slow Redis never holds a render.
     */
    public Uni<Duration> take(ApiKeyGrant key) {
        if (key.ratePerSecond() == null) {
            return Uni.createFrom().item(Duration.ZERO);
        }
        return take(RedisKeys.ROOT + "ratelimit:{" + key.id() + "}", key.ratePerSecond(), key.ratePerSecond())
                .ifNoItem()
                .after(budget)
                .fail();
    }

    /**
     * Takes a token from {@code bucket}, which gains {@code perSecond} tokens a second and holds at most {@code burst}:
     * zero when one was taken, otherwise how long until one is free (nothing is taken then).
     */
    public Uni<Duration> take(String bucket, int perSecond, int burst) {
        return Uni.createFrom()
                .item(() -> new TakeTokenCall(bucket, perSecond, System.currentTimeMillis(), burst))
                .flatMap(call -> TAKE.run(redis, call))
                .map(waitMs -> Duration.ofMillis(waitMs.toLong()));
    }
}
