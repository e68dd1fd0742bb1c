package dev.tailor.erasure;

import dev.tailor.events.RedisKeys;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.facts.UnplacedTombstones;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Copies the tombstones of erased identifiers from PostgreSQL into Redis, where the apply script checks them, each
 * into the hash of its slot ({@link TombstoneKeys#ofSlot}): at start and whenever a slot's hash holds fewer
 * than PostgreSQL (Redis keeps nothing across a restart here). Tombstones written before they were kept by slot have
 * no slot, so they go to {@link UnplacedTombstones} instead, which the apply path checks from memory.
 *
 * <p>At start it also moves the tombstones of the single hash that held them all before ({@link
 * #ERASED_BEFORE_SLOTS}) into PostgreSQL when missing there, then deletes that hash.
 */
@ApplicationScoped
public class TombstoneMirror {

    /** The one hash that held every tombstone before they were kept by slot. */
    static final String ERASED_BEFORE_SLOTS = RedisKeys.ROOT + "erased";

    private final RedisDataSource redis;
    private final ErasedIdentifierRepository tombstones;
    private final UnplacedTombstones unplaced;

    public TombstoneMirror(RedisDataSource redis, ErasedIdentifierRepository tombstones, UnplacedTombstones unplaced) {
        this.redis = redis;
        this.tombstones = tombstones;
        this.unplaced = unplaced;
    }

    /** Before the consumer or a replay applies anything (the replay command runs without the scheduler). */
    void onStart(
            @Observes StartupEvent start,
            @ConfigProperty(name = "tailor.erasure.mirror-on-start", defaultValue = "true") boolean enabled) {
        if (enabled) {
            migrate();
        }
    }

    /**
     * Moves the single hash of tombstones kept before they were kept by slot, then mirrors; safe to run again (a
     * node stopped halfway finds the hash still there and moves it again).
     */
    void migrate() {
        try {
            Map<String, String> before = redis.hash(String.class).hgetall(ERASED_BEFORE_SLOTS);
            if (!before.isEmpty()) {
                // Its digests hide the identifiers, hence their slots: they join PostgreSQL's tombstones without one.
                BlockingDb.transaction(() -> {
                    List<ErasedIdentifier> missing = new ArrayList<>();
                    before.forEach((digest, at) -> {
                        ErasedIdentifier tombstone = new ErasedIdentifier();
                        tombstone.digest = digest;
                        tombstone.erasedAt = Instant.ofEpochMilli(Long.parseLong(at));
                        missing.add(tombstone);
                    });
                    return Panache.getSession()
                            .flatMap(session -> tombstones
                                    .find("digest in ?1", before.keySet())
                                    .list()
                                    .flatMap(kept -> {
                                        kept.forEach(k -> missing.removeIf(t -> t.digest.equals(k.digest)));
                                        return session.persistAll(missing.toArray());
                                    }));
                });
                redis.key(String.class).del(ERASED_BEFORE_SLOTS);
                Log.infof("Moved %d erasure tombstones out of the single hash kept before slots", before.size());
            }
        } catch (RuntimeException e) {
            Log.warnf("Erasure tombstones not moved out of the single hash yet, will retry: %s", e.getMessage());
            return;
        }
        mirror();
    }

    @Scheduled(
            every = "${tailor.erasure.mirror-every:60s}",
            delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void mirror() {
        try {
            Map<String, Long> withoutSlot = new HashMap<>();
            BlockingDb.session(tombstones::withoutSlot)
                    .forEach(t -> withoutSlot.put(t.digest, t.erasedAt.toEpochMilli()));
            if (withoutSlot.size() != unplaced.size()) {
                Log.infof("%d erasure tombstones without a slot are checked from memory", withoutSlot.size());
            }
            unplaced.replace(withoutSlot);
            List<Integer> behind = new ArrayList<>();
            BlockingDb.session(tombstones::countBySlot).forEach((slot, kept) -> {
                if (redis.hash(String.class).hlen(TombstoneKeys.ofSlot(slot)) < kept) {
                    behind.add(slot);
                }
            });
            if (!behind.isEmpty()) {
                Map<Integer, Map<String, String>> copies = new HashMap<>();
                BlockingDb.session(() -> tombstones.inSlots(behind))
                        .forEach(t -> copies.computeIfAbsent(t.slot, slot -> new HashMap<>())
                                .put(t.digest, Long.toString(t.erasedAt.toEpochMilli())));
                copies.forEach((slot, copy) -> redis.hash(String.class).hset(TombstoneKeys.ofSlot(slot), copy));
                Log.infof("Restored the erasure tombstones of %d slot(s) into Redis", copies.size());
            }
        } catch (RuntimeException e) {
            Log.warnf("Erasure tombstones not mirrored yet, will retry: %s", e.getMessage());
        }
    }
}
