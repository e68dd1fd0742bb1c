package dev.tailor.erasure;

import dev.tailor.events.IdentifierKeys;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Copies the tombstones of erased identifiers from PostgreSQL into Redis, where the apply script checks them: at
 * start and whenever Redis holds fewer than PostgreSQL (Redis keeps nothing across a restart here).
 */
@ApplicationScoped
public class TombstoneMirror {

    private final RedisDataSource redis;
    private final ErasedIdentifierRepository tombstones;

    public TombstoneMirror(RedisDataSource redis, ErasedIdentifierRepository tombstones) {
        this.redis = redis;
        this.tombstones = tombstones;
    }

    /** Before the consumer or a replay applies anything (the replay command runs without the scheduler). */
    void onStart(
            @Observes StartupEvent start,
            @ConfigProperty(name = "tailor.erasure.mirror-on-start", defaultValue = "true") boolean enabled) {
        if (enabled) {
            mirror();
        }
    }

    @Scheduled(
            every = "${tailor.erasure.mirror-every:60s}",
            delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void mirror() {
        try {
            long kept = BlockingDb.session(tombstones::count);
            if (kept > 0 && redis.hash(String.class).hlen(IdentifierKeys.ERASED) < kept) {
                List<ErasedIdentifier> all = BlockingDb.session(tombstones::listAll);
                Map<String, String> copy = new HashMap<>();
                all.forEach(t -> copy.put(t.digest, Long.toString(t.erasedAt.toEpochMilli())));
                redis.hash(String.class).hset(IdentifierKeys.ERASED, copy);
                Log.infof("Restored %d erasure tombstones into Redis", copy.size());
            }
        } catch (RuntimeException e) {
            Log.warnf("Erasure tombstones not mirrored yet, will retry: %s", e.getMessage());
        }
    }
}
