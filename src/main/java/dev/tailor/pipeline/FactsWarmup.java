package dev.tailor.pipeline;

import dev.tailor.events.RedisKeys;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.NewFacts;
import dev.tailor.rules.RulesConfig;
import dev.tailor.rules.revisions.TrackedFactsChanged;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * When an activation declares events no rule set tracked before, their facts are back-filled from the event log in
 * the background, so that rules asking about them see the past too. One back-fill runs at a time in the whole
 * cluster (a lock in Redis); the node that made the activation starts it. A record that cannot be applied is skipped
 * and reported, and the back-fill carries on (see {@link EventReplay}).
 */
@ApplicationScoped
public class FactsWarmup {

    static final String LOCK = RedisKeys.ROOT + "warmup:lock";
    /** Long enough for a large log; a node that dies holding the lock holds it at most this long. */
    private static final Duration LOCK_FOR = Duration.ofMinutes(10);

    private static final Duration RETRY_EVERY = Duration.ofSeconds(2);
    private final String holder = java.util.UUID.randomUUID().toString();

    private final EventReplay replay;
    private final ReactiveRedisDataSource redis;
    private final RulesConfig rules;

    public FactsWarmup(EventReplay replay, ReactiveRedisDataSource redis, RulesConfig rules) {
        this.replay = replay;
        this.redis = redis;
        this.rules = rules;
    }

    /** An activation made here: back-fills what it newly tracks, unless tailor.rules.backfill-new-facts is off. */
    void onActivation(@Observes TrackedFactsChanged change) {
        if (rules.backfillNewFacts()) {
            onTrackedFactsChanged(change.before(), change.after());
        }
    }

    /** Starts a back-fill of what {@code after} tracks beyond {@code before}, if anything; does not wait for it. */
    public void onTrackedFactsChanged(FactSchema before, FactSchema after) {
        FactSchema added = NewFacts.between(before, after);
        if (added.events().isEmpty()) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            // Back-fills wait for each other rather than being dropped: each one's new facts need the whole log.
            long giveUpAt = System.nanoTime() + LOCK_FOR.toNanos();
            while (!lock()) {
                if (System.nanoTime() > giveUpAt) {
                    Log.errorf(
                            "Back-fill of %s never got its turn; run scripts/replay.sh",
                            added.events().keySet());
                    return;
                }
                sleep(RETRY_EVERY);
            }
            try {
                Log.infof(
                        "Back-filling newly declared facts %s from the event log",
                        added.events().keySet());
                EventReplay.Summary summary = replay.backfill(added, System.out);
                Log.infof(
                        "Back-fill done: %d events read, %d applied, %d skipped as they cannot be applied, in %d ms",
                        summary.records(), summary.applied(), summary.poison(), summary.millis());
            } catch (RuntimeException e) {
                Log.errorf(
                        "Back-fill of %s failed (%s); run scripts/replay.sh",
                        added.events().keySet(), e.toString());
            } finally {
                unlock();
            }
        });
    }

    private boolean lock() {
        return redis.value(String.class)
                .setGet(LOCK, holder, new SetArgs().nx().px(LOCK_FOR))
                .map(previous -> previous == null)
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private void unlock() {
        String owner = redis.value(String.class).get(LOCK).await().atMost(Duration.ofSeconds(10));
        if (holder.equals(owner)) {
            redis.key(String.class).del(LOCK).await().atMost(Duration.ofSeconds(10));
        }
    }

    /** A node stopping in the middle of a back-fill lets the next one start at once. */
    void stop(@Observes ShutdownEvent event) {
        try {
            unlock();
        } catch (RuntimeException e) {
            Log.debugf("Warm-up lock not released at shutdown: %s", e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
