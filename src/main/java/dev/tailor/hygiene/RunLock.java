package dev.tailor.hygiene;

import dev.tailor.events.RedisKeys;
import io.quarkus.logging.Log;
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

    /** Does {@code work} now, unless a run of {@code job} is under way somewhere ({@link RunUnderWayException}). */
    public <T> T now(String job, Duration maxRun, Supplier<T> work) {
        return ifFree(job, maxRun, work).orElseThrow(() -> new RunUnderWayException(job));
    }

    /**
     * A scheduled run: skipped when one is under way somewhere, its outcome logged; a failure is logged too, and
     * the next scheduled run tries again.
     */
    public <T> void scheduled(String job, Duration maxRun, Supplier<T> work) {
        try {
            ifFree(job, maxRun, work)
                    .ifPresentOrElse(
                            outcome -> Log.infof("Scheduled %s run: %s", job, outcome),
                            () -> Log.debugf("Scheduled %s run skipped: one is under way", job));
        } catch (RuntimeException e) {
            Log.errorf("Scheduled %s run failed (%s); the next one will try again", job, e.toString());
        }
    }

    private <T> Optional<T> ifFree(String job, Duration maxRun, Supplier<T> work) {
        String key = RedisKeys.ROOT + "hygiene:run:" + job;
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
