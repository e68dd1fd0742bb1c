package dev.tailor.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.Identifier;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves identity links and merges from the Redis journal, where the scripts that make them append them atomically,
 * to PostgreSQL: the consumer never waits for the database, and a link is never made without being recorded.
 * Entries are taken from the list only once PostgreSQL has them; a node dying in between records them twice at
 * worst.
 */
@ApplicationScoped
public class IdentityJournal {

    private static final int PAGE = 500;
    private static final String LOCK = Identities.JOURNAL + ":lock";

    private final RedisDataSource redis;
    private final ListCommands<String, String> lists;
    private final IdentityRecordRepository records;
    private final ObjectMapper json;

    public IdentityJournal(RedisDataSource redis, IdentityRecordRepository records, ObjectMapper json) {
        this.redis = redis;
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
            record();
        } catch (RuntimeException e) {
            Log.warnf("Identity journal not recorded yet, will retry: %s", e.getMessage());
        }
    }

    /** Records every journalled entry; answers how many. One node at a time (a lock), so none is taken twice. */
    public int record() {
        if (redis.execute("SET", LOCK, "1", "NX", "PX", "30000") == null) {
            return 0;
        }
        try {
            return drain();
        } finally {
            redis.key(String.class).del(LOCK);
        }
    }

    private int drain() {
        int recorded = 0;
        while (true) {
            // Oldest entries are at the tail (the scripts LPUSH).
            List<String> page = lists.lrange(Identities.JOURNAL, -PAGE, -1);
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
            lists.ltrim(Identities.JOURNAL, 0, -page.size() - 1);
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
