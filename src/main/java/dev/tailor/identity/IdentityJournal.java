package dev.tailor.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.Identifier;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.shared.redis.HashSlot;
import dev.tailor.shared.redis.RedisBatches;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Moves identity links and merges from the Redis journal, where the scripts that make them append them atomically,
 * to PostgreSQL: the consumer never waits for the database, and a link is never made without being recorded.
 * Entries are taken from the list only once PostgreSQL has them; a node dying in between records them twice at
 * worst.
 *
 * <p>The journal is one list per Redis Cluster slot (ADR 0012), each entry in the slot of the script that wrote it.
 * Every second the slots this node journalled since are drained; every minute, and whenever all must be recorded
 * (erasure, an administrator's merge), every slot's length is asked for, which finds entries of nodes that died.
 */
@ApplicationScoped
public class IdentityJournal {

    private static final int PAGE = 500;
    private static final String LOCK = Identities.JOURNAL_LOCK;
    /** Scheduled runs between two sweeps of every slot. */
    private static final int SWEEP_EVERY = 60;
    /** Slots whose lengths are asked for in one pipelined round trip. */
    private static final int SWEEP_BATCH = 2048;
    /** How long a caller needing every entry recorded waits for another node's run to end. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final AtomicInteger runs = new AtomicInteger();

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final ListCommands<String, String> lists;
    private final IdentityRecordRepository records;
    private final ObjectMapper json;

    public IdentityJournal(
            RedisDataSource redis,
            ReactiveRedisDataSource reactive,
            IdentityRecordRepository records,
            ObjectMapper json) {
        this.redis = redis;
        this.reactive = reactive;
        this.lists = redis.list(String.class);
        this.records = records;
        this.json = json;
    }

    @Scheduled(
            every = "${tailor.identity.record-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            if (runs.incrementAndGet() % SWEEP_EVERY == 0) {
                record();
            } else {
                recordTouched();
            }
        } catch (RuntimeException e) {
            Log.warnf("Identity journal not recorded yet, will retry: %s", e.getMessage());
        }
    }

    /** Notes that an entry was written to a slot's journal, to be drained at the next run. */
    void touched(String journalKey) {
        touched.add(journalKey);
    }

    /** Records every journalled entry of every slot; answers how many. */
    public int record() {
        return locked(
                () -> {
                    int recorded = 0;
                    for (String journal : nonEmpty()) {
                        touched.remove(journal);
                        recorded += drain(journal);
                    }
                    return recorded;
                },
                true);
    }

    /** Records the entries of the slots this node journalled since its last run. */
    int recordTouched() {
        return locked(
                () -> {
                    int recorded = 0;
                    for (String journal : List.copyOf(touched)) {
                        touched.remove(journal);
                        recorded += drain(journal);
                    }
                    return recorded;
                },
                false);
    }

    /**
     * One node at a time (a lock), so no entry is taken twice. A caller that needs every entry recorded waits for
     * another node's run; the scheduled one gives up at once.
     */
    private int locked(java.util.function.IntSupplier work, boolean wait) {
        long until = System.nanoTime() + LOCK_WAIT.toNanos();
        while (redis.execute("SET", LOCK, "1", "NX", "PX", "30000") == null) {
            if (!wait || System.nanoTime() > until) {
                return 0;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        try {
            return work.getAsInt();
        } finally {
            redis.key(String.class).del(LOCK);
        }
    }

    /**
     * The journals holding entries: every slot's length asked for, a pipelined batch per round trip (one pipeline
     * per master on a cluster).
     */
    private List<String> nonEmpty() {
        List<String> found = new ArrayList<>();
        for (int from = 0; from < HashSlot.SLOTS; from += SWEEP_BATCH) {
            List<String> journals = IntStream.range(from, Math.min(from + SWEEP_BATCH, HashSlot.SLOTS))
                    .mapToObj(Identities::journalOfSlot)
                    .toList();
            List<Response> counted = RedisBatches.send(
                            reactive.getRedis(),
                            journals.stream()
                                    .map(journal -> Request.cmd(Command.LLEN).arg(journal))
                                    .toList())
                    .await()
                    .atMost(Duration.ofSeconds(30));
            for (int i = 0; i < journals.size(); i++) {
                if (counted.get(i).toLong() > 0) {
                    found.add(journals.get(i));
                }
            }
        }
        return found;
    }

    private int drain(String journal) {
        int recorded = 0;
        while (true) {
            // Oldest entries are at the tail (the scripts LPUSH).
            List<String> page = lists.lrange(journal, -PAGE, -1);
            if (page.isEmpty()) {
                return recorded;
            }
            List<IdentityRecord> entries = new ArrayList<>();
            for (int i = page.size() - 1; i >= 0; i--) {
                entries.add(read(page.get(i)));
            }
            List<IdentityRecord> kept = withoutErased(entries);
            if (!kept.isEmpty()) {
                BlockingDb.transaction(() -> records.persist(kept));
            }
            lists.ltrim(journal, 0, -page.size() - 1);
            recorded += page.size();
        }
    }

    /**
     * Leaves out entries about a customer erased after they were made: the erasure may have come while they waited
     * here, and must not be undone by recording them now.
     */
    private List<IdentityRecord> withoutErased(List<IdentityRecord> entries) {
        List<List<String>> idsOf =
                entries.stream().map(IdentityJournal::identifiersNamed).toList();
        // Each identifier's tombstone sits in its own slot's hash.
        Map<String, String> erased = new HashMap<>();
        idsOf.stream().flatMap(List::stream).distinct().forEach(id -> {
            String at = redis.hash(String.class).hget(TombstoneKeys.of(id), IdentifierKeys.digest(id));
            if (at != null) {
                erased.put(IdentifierKeys.digest(id), at);
            }
        });
        List<IdentityRecord> kept = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            long at = entries.get(i).at.toEpochMilli();
            boolean aboutErased = idsOf.get(i).stream()
                    .map(id -> erased.get(IdentifierKeys.digest(id)))
                    .anyMatch(erasedAt -> erasedAt != null && Long.parseLong(erasedAt) >= at);
            if (!aboutErased) {
                kept.add(entries.get(i));
            }
        }
        return kept;
    }

    private static List<String> identifiersNamed(IdentityRecord record) {
        List<String> ids = new ArrayList<>();
        ids.add(record.customerId);
        if (record.otherId != null) {
            ids.add(record.otherId);
        }
        if (record.identifier != null) {
            ids.add(Identifier.parse(record.identifier).value());
        }
        return ids;
    }

    private IdentityRecord read(String entry) {
        try {
            JsonNode node = json.readTree(entry);
            IdentityRecord record = new IdentityRecord();
            record.kind = node.path("kind").asText();
            record.identifier = text(node, "identifier");
            record.customerId = node.path("customerId").asText();
            record.otherId = text(node, "otherId");
            record.cause = node.path("cause").asText();
            record.messageId = text(node, "messageId");
            List<String> identifiers = new ArrayList<>();
            node.path("identifiers").forEach(id -> identifiers.add(id.asText()));
            record.identifiers = String.join(" ", identifiers);
            record.at = Instant.parse(node.path("at").asText());
            return record;
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable identity journal entry", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
