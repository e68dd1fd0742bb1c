package dev.tailor.hygiene;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One run of a hygiene job at a time in the whole cluster: every node schedules the same jobs, and two audits at
 * once would only do the work twice. The lock lives in Redis and expires, so a node that dies mid-run holds it at
 * most {@code maxRun}.
 */
@ApplicationScoped
public class RunLock {

    private final RedisDataSource redis;
    private final String holder = UUID.randomUUID().toString();

    public RunLock(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Does {@code work} unless a run of {@code job} is under way somewhere; empty when it is. */
    public <T> Optional<T> ifFree(String job, Duration maxRun, Supplier<T> work) {
        String key = "tailor:hygiene:run:" + job;
        if (redis.value(String.class).setGet(key, holder, new SetArgs().nx().px(maxRun)) != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            if (holder.equals(redis.value(String.class).get(key))) {
                redis.key(String.class).del(key);
            }
        }
    }
}
