package dev.tailor.ingest;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.NewFacts;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * When an activation declares events no rule set tracked before, their facts are back-filled from the event log in
 * the background, so that rules asking about them see the past too. One back-fill runs at a time in the whole
 * cluster (a lock in Redis); the node that made the activation starts it.
 */
@ApplicationScoped
public class FactsWarmup {

    static final String LOCK = "tailor:warmup:lock";
    private static final Duration LOCK_FOR = Duration.ofHours(1);

    private final EventReplay replay;
    private final ReactiveRedisDataSource redis;

    public FactsWarmup(EventReplay replay, ReactiveRedisDataSource redis) {
        this.replay = replay;
        this.redis = redis;
    }

    /** Starts a back-fill of what {@code after} tracks beyond {@code before}, if anything; does not wait for it. */
    public void onTrackedFactsChanged(FactSchema before, FactSchema after) {
        FactSchema added = NewFacts.between(before, after);
        if (added.events().isEmpty()) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            Boolean locked = redis.value(String.class)
                    .setGet(LOCK, "running", new SetArgs().nx().px(LOCK_FOR))
                    .map(previous -> previous == null).await().atMost(Duration.ofSeconds(10));
            if (!locked) {
                Log.warnf("A back-fill is already running; %s will need scripts/replay.sh", added.events().keySet());
                return;
            }
            try {
                Log.infof("Back-filling newly declared facts %s from the event log", added.events().keySet());
                EventReplay.Summary summary = replay.backfill(added, System.out);
                Log.infof("Back-fill done: %d events read, %d applied in %d ms", summary.records(), summary.applied(),
                        summary.millis());
            } catch (RuntimeException e) {
                Log.errorf("Back-fill of %s failed (%s); run scripts/replay.sh", added.events().keySet(), e.toString());
            } finally {
                redis.key(String.class).del(LOCK).await().atMost(Duration.ofSeconds(10));
            }
        });
    }
}
