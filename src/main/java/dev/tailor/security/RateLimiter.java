package dev.tailor.security;

import dev.tailor.shared.redis.RedisScript;
import dev.tailor.shared.redis.ScriptArgumentException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Per-key token buckets in Redis, shared by every node: a key limited to N requests a second may burst up to N
 * and then gets N a second. Keys without a limit never reach Redis.
 */
@ApplicationScoped
public class RateLimiter {

    private static final RedisScript TAKE = RedisScript.load(RateLimiter.class, "take-token.lua");

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
        return Uni.createFrom()
                .item(() -> List.of(
                        ScriptArgumentException.whole(
                                "take-token.lua", "rate per second", key.ratePerSecond(), 1, Integer.MAX_VALUE),
                        ScriptArgumentException.epochMillis("take-token.lua", "now", System.currentTimeMillis())))
                .flatMap(args -> TAKE.run(redis, List.of("tailor:ratelimit:{" + key.id() + "}"), args))
                .ifNoItem()
                .after(budget)
                .fail()
                .map(waitMs -> Duration.ofMillis(waitMs.toLong()));
    }
}
