package dev.tailor.shared.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Asks Redis whether it is there: a PING answered PONG within a second. A Redis that is stopped, unreachable, still
 * loading its data or running a script that has not ended does not answer so; one that answers so takes commands.
 */
@ApplicationScoped
public class RedisProbe {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;

    public RedisProbe(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Whether Redis answered PONG; never fails. */
    public Uni<Boolean> answers() {
        return Uni.createFrom()
                .deferred(() -> redis.execute("PING"))
                .ifNoItem()
                .after(WITHIN)
                .fail()
                .map(reply -> reply != null && "PONG".equalsIgnoreCase(reply.toString()))
                .onFailure()
                .recoverWithItem(false);
    }
}
