package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.DecisionStateStore;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleEngine;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis bytes per customer ({@code MEMORY USAGE}) after 90 days of an engaged customer's activity (two or three
 * visits a week, an order every few weeks, three e-mails a week): every key of the customer (the facts hash, which
 * also holds the recorded decision, and the sorted set of the messageIds applied within the dedup window, which
 * expires a window after the customer's last event; their bytes are reported too) and its share of the due-time
 * index, for the sample declarations
 * (rules/marketing/facts.yaml) and for a larger one of about 20 facts (bench/profile/facts.yaml). Writes
 * {@code {"memory":{"marketing":{...},"profile20":{...}}}} to the file named by {@code -Dbench.out} (default
 * bench/results/facts-memory.json); see bench/memory.sh.
 */
@QuarkusTest
@Tag("bench")
class FactsMemoryBench {

    private static final int CUSTOMERS = 200;
    /** The due-time index's shards (not their claims). */
    private static final String DUE_SHARDS = "tailor:decisions:due:{*}";

    @Inject
    FactsStore facts;

    @Inject
    RuleEngine engine;

    @Inject
    DecisionStateStore decisions;

    @Inject
    RedisDataSource redis;

    @Test
    void bytesPerCustomer() throws Exception {
        CompiledRuleSet marketing = engine.require("marketing");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("marketing", measure(marketing, marketing.facts()));
        figures.put(
                "profile20",
                measure(marketing, FactSchema.parse(Files.readAllBytes(Path.of("bench", "profile", "facts.yaml")))));
        figures.put(
                "redisHashMaxListpackValue",
                redis.execute("CONFIG", "GET", "hash-max-listpack-value")
                        .get("hash-max-listpack-value")
                        .toString());
        Path out = Path.of(System.getProperty("bench.out", "bench/results/facts-memory.json"));
        BenchResults.write(out, Map.of("memory", figures));
        assertThat(((Map<?, ?>) figures.get("marketing")).get("bytesPerCustomerMedian"))
                .isNotEqualTo(0L);
    }

    /** Applies each customer's events keeping the facts {@code schema} declares, records a decision, measures. */
    private Map<String, Object> measure(CompiledRuleSet ruleSet, FactSchema schema) {
        Instant end = Instant.parse("2026-06-15T12:30:00Z");
        Random random = new Random(42);
        List<Long> factBytes = new ArrayList<>();
        List<Long> dedupBytes = new ArrayList<>();
        List<Long> decisionBytes = new ArrayList<>();
        List<Long> factsOnlyBytes = new ArrayList<>();
        List<Long> totalBytes = new ArrayList<>();
        List<Long> listpackBytes = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        long events = 0;
        long dueBefore = dueIndexUsage();
        for (int c = 0; c < CUSTOMERS; c++) {
            String customerId = UUID.randomUUID().toString();
            customers.add(customerId);
            List<CustomerEvent> activity =
                    CustomerActivity.of(customerId, end, CustomerActivity.Habits.ENGAGED, random);
            for (CustomerEvent event : activity) {
                facts.apply(event, event.timestamp().plusSeconds(1), schema)
                        .await()
                        .atMost(Duration.ofSeconds(5));
            }
            events += activity.size();
            recordDecision(customerId, ruleSet, end);
            String key = FactsStore.factsKey(customerId);
            long factsHash = memoryUsage(key);
            // The decision record is a field of the facts hash: its name and value bytes, and the hash's size without
            // it (Redis rounds allocations up, so sizes move in steps). The applied messageIds are a key of their own.
            String decisionField = "d:" + ruleSet.name();
            long dedup = memoryUsage(FactsStore.appliedKey(customerId));
            long decision = decisionField.length() + redis.hash(String.class).hstrlen(key, decisionField);
            factsOnlyBytes.add(usageWithout(key, decisionField));
            factBytes.add(factsHash);
            listpackBytes.add(listpackSize(key));
            dedupBytes.add(dedup);
            decisionBytes.add(decision);
            totalBytes.add(factsHash + dedup);
        }
        long dueShare = (dueIndexUsage() - dueBefore) / CUSTOMERS;
        for (String customerId : customers) {
            redis.key().del(FactsStore.factsKey(customerId), FactsStore.appliedKey(customerId));
            for (String shard : redis.key().keys(DUE_SHARDS)) {
                redis.sortedSet(String.class).zrem(shard, customerId);
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("customers", CUSTOMERS);
        figures.put("declaredFacts", schema.events().size());
        figures.put("eventsPerCustomer90d", events / CUSTOMERS);
        figures.put("bytesPerCustomerMedian", median(totalBytes));
        figures.put("bytesPerCustomerP95", percentile(totalBytes, 95));
        figures.put("factsHashMedian", median(factBytes));
        figures.put("factsHashP95", percentile(factBytes, 95));
        figures.put("factsHashWithoutThemMedian", median(factsOnlyBytes));
        figures.put("listpackBytesP25", percentile(listpackBytes, 25));
        figures.put("listpackBytesMedian", median(listpackBytes));
        figures.put("listpackBytesP75", percentile(listpackBytes, 75));
        figures.put("appliedMessageIdsMedian", median(dedupBytes));
        figures.put("decisionRecordFieldMedian", median(decisionBytes));
        figures.put("dueIndexSharePerCustomer", dueShare);
        return figures;
    }

    /** What the facts consumer does after an event: evaluate, record the decision, index its next change. */
    private void recordDecision(String customerId, CompiledRuleSet ruleSet, Instant end) {
        Customer customer = facts.read(customerId, end, ruleSet.facts()).await().atMost(Duration.ofSeconds(5));
        Evaluation evaluation = engine.evaluate(ruleSet, customer);
        decisions
                .recordAll(List.of(new DecisionStateStore.Made(
                        customerId, ruleSet.name(), customer.getVersion(), end, evaluation.segmentNames())))
                .await()
                .atMost(Duration.ofSeconds(5));
        decisions
                .dueNoLaterThan(List.of(customerId), end.plus(Duration.ofHours(1)))
                .await()
                .atMost(Duration.ofSeconds(5));
    }

    private static long median(List<Long> values) {
        return percentile(values, 50);
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    /**
     * The size of the hash's listpack worked out from its fields (MEMORY USAGE moves in allocation steps, which hide
     * smaller changes): 7 bytes of header and end, and per field name and value an entry of its encoding, its bytes
     * (an integer's in 1 to 9) and its length at the back.
     */
    private long listpackSize(String key) {
        var hash = redis.execute("HGETALL", key);
        long size = 7;
        List<byte[]> entries = new ArrayList<>();
        if (!hash.getKeys().isEmpty()) {
            hash.getKeys().forEach(field -> {
                entries.add(field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                entries.add(hash.get(field).toBytes());
            });
        } else {
            hash.forEach(entry -> entries.add(entry.toBytes()));
        }
        for (byte[] entry : entries) {
            size += listpackEntry(entry);
        }
        return size;
    }

    private static long listpackEntry(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        long encoded;
        if (text.matches("0|-?[1-9][0-9]{0,17}")) {
            long value = Long.parseLong(text);
            encoded = value >= 0 && value <= 127
                    ? 1
                    : value >= -4096 && value < 4096
                            ? 2
                            : value >= -32768 && value < 32768
                                    ? 3
                                    : value >= -(1 << 23) && value < (1 << 23)
                                            ? 4
                                            : value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 5 : 9;
        } else {
            encoded = (bytes.length < 64 ? 1 : bytes.length < 4096 ? 2 : 5) + bytes.length;
        }
        return encoded + (encoded < 128 ? 1 : encoded < 16384 ? 2 : 3);
    }

    /** MEMORY USAGE of a copy of the hash {@code key} without {@code fields}. */
    private long usageWithout(String key, String... fields) {
        String copy = key + ":bench-copy";
        redis.execute("COPY", key, copy, "REPLACE");
        redis.hash(String.class).hdel(copy, fields);
        long usage = memoryUsage(copy);
        redis.key().del(copy);
        return usage;
    }

    private long dueIndexUsage() {
        return redis.key().keys(DUE_SHARDS).stream()
                .filter(key -> key.endsWith("}"))
                .mapToLong(this::memoryUsage)
                .sum();
    }

    private long memoryUsage(String key) {
        var response = redis.execute("MEMORY", "USAGE", key);
        return response == null ? 0 : response.toLong();
    }
}
