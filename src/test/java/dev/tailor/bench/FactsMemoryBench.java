package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.DecisionStateStore;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.ingest.CustomerEvent;
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
 * visits a week, an order every few weeks, three e-mails a week): every key of the customer (facts hash, applied
 * messageIds, the recorded decision) and its share of the due-time index, for the sample declarations
 * (rules/marketing/facts.yaml) and for a larger one of about 20 facts (bench/profile/facts.yaml). Writes
 * {@code {"memory":{"marketing":{...},"profile20":{...}}}} to the file named by {@code -Dbench.out} (default
 * bench/results/facts-memory.json); see bench/memory.sh.
 */
@QuarkusTest
@Tag("bench")
class FactsMemoryBench {

    private static final int CUSTOMERS = 200;
    private static final List<String> CATEGORIES = List.of("shoes", "bags", "hats", "coats", "socks", "belts");
    private static final String DUE_INDEX = "tailor:decisions:due";

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
        figures.put("profile20", measure(marketing,
                FactSchema.parse(Files.readAllBytes(Path.of("bench", "profile", "facts.yaml")))));
        figures.put("redisHashMaxListpackValue", redis.execute("CONFIG", "GET", "hash-max-listpack-value")
                .get("hash-max-listpack-value").toString());
        Path out = Path.of(System.getProperty("bench.out", "bench/results/facts-memory.json"));
        BenchResults.write(out, Map.of("memory", figures));
        assertThat(((Map<?, ?>) figures.get("marketing")).get("bytesPerCustomerMedian")).isNotEqualTo(0L);
    }

    /** Applies each customer's events keeping the facts {@code schema} declares, records a decision, measures. */
    private Map<String, Object> measure(CompiledRuleSet ruleSet, FactSchema schema) {
        Instant end = Instant.parse("2026-06-15T12:30:00Z");
        Random random = new Random(42);
        List<Long> factBytes = new ArrayList<>();
        List<Long> dedupBytes = new ArrayList<>();
        List<Long> decisionBytes = new ArrayList<>();
        List<Long> totalBytes = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        long events = 0;
        long dueBefore = memoryUsage(DUE_INDEX);
        for (int c = 0; c < CUSTOMERS; c++) {
            String customerId = UUID.randomUUID().toString();
            customers.add(customerId);
            List<CustomerEvent> activity = activity(customerId, end, random);
            for (CustomerEvent event : activity) {
                facts.apply(event, event.timestamp().plusSeconds(1), schema).await().atMost(Duration.ofSeconds(5));
            }
            events += activity.size();
            recordDecision(customerId, ruleSet, end);
            String key = FactsStore.factsKey(customerId);
            long factsHash = memoryUsage(key);
            long dedup = memoryUsage(key + ":applied");
            long decision = memoryUsage(key + ":decision:" + ruleSet.name());
            factBytes.add(factsHash);
            dedupBytes.add(dedup);
            decisionBytes.add(decision);
            totalBytes.add(factsHash + dedup + decision);
        }
        long dueShare = (memoryUsage(DUE_INDEX) - dueBefore) / CUSTOMERS;
        for (String customerId : customers) {
            facts.forget(customerId).await().atMost(Duration.ofSeconds(5));
            redis.key().del(FactsStore.factsKey(customerId) + ":decision:" + ruleSet.name());
            redis.sortedSet(String.class).zrem(DUE_INDEX, customerId);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("customers", CUSTOMERS);
        figures.put("declaredFacts", schema.events().size());
        figures.put("eventsPerCustomer90d", events / CUSTOMERS);
        figures.put("bytesPerCustomerMedian", median(totalBytes));
        figures.put("bytesPerCustomerP95", percentile(totalBytes, 95));
        figures.put("factsHashMedian", median(factBytes));
        figures.put("factsHashP95", percentile(factBytes, 95));
        figures.put("appliedMessageIdsMedian", median(dedupBytes));
        figures.put("decisionRecordMedian", median(decisionBytes));
        figures.put("dueIndexSharePerCustomer", dueShare);
        return figures;
    }

    /** What the facts consumer does after an event: evaluate, record the decision, index its next change. */
    private void recordDecision(String customerId, CompiledRuleSet ruleSet, Instant end) {
        Customer customer = facts.read(customerId, end, ruleSet.facts()).await().atMost(Duration.ofSeconds(5));
        Evaluation evaluation = engine.evaluate(ruleSet, customer);
        decisions.record(customerId, ruleSet.name(), customer.getVersion(), end, evaluation.segmentNames())
                .await().atMost(Duration.ofSeconds(5));
        decisions.dueNoLaterThan(customerId, end.plus(Duration.ofHours(1))).await().atMost(Duration.ofSeconds(5));
    }

    private static long median(List<Long> values) {
        return percentile(values, 50);
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private long memoryUsage(String key) {
        var response = redis.execute("MEMORY", "USAGE", key);
        return response == null ? 0 : response.toLong();
    }

    /** 90 days of one engaged customer's events, in time order. */
    private static List<CustomerEvent> activity(String customerId, Instant end, Random random) {
        List<CustomerEvent> events = new ArrayList<>();
        Instant start = end.minus(Duration.ofDays(90));
        events.add(event(customerId, "identify", null, start, Map.of()));
        for (Instant day = start; day.isBefore(end); day = day.plus(Duration.ofDays(1))) {
            if (random.nextInt(7) < 3) { // a visit on about three days a week
                Instant at = day.plus(Duration.ofMinutes(480 + random.nextInt(720)));
                events.add(event(customerId, "track", random.nextBoolean() ? "App Opened" : "Signed In", at, Map.of()));
                for (int v = 0; v < 2 + random.nextInt(5); v++) {
                    at = at.plus(Duration.ofMinutes(1 + random.nextInt(4)));
                    events.add(event(customerId, "track", "Page Viewed", at, Map.of()));
                    events.add(event(customerId, "track", "Product Viewed", at.plusSeconds(20),
                            Map.of("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())))));
                }
                if (random.nextInt(3) == 0) {
                    events.add(event(customerId, "track", "Products Searched", at.plusSeconds(40), Map.of()));
                }
                if (random.nextInt(2) == 0) {
                    events.add(event(customerId, "track", "Product Added", at.plusSeconds(60), Map.of()));
                    events.add(event(customerId, "track", "Cart Viewed", at.plusSeconds(70), Map.of()));
                }
                if (random.nextInt(6) == 0) {
                    events.add(event(customerId, "track", "Checkout Started", at.plusSeconds(90), Map.of()));
                    events.add(event(customerId, "track", "Order Completed", at.plusSeconds(120),
                            Map.of("revenue", 20 + random.nextInt(180),
                                    "category", CATEGORIES.get(random.nextInt(CATEGORIES.size())))));
                }
            }
            if (random.nextInt(7) < 3) { // three e-mails a week: half opened, a tenth clicked
                Instant sent = day.plus(Duration.ofHours(9));
                if (random.nextBoolean()) {
                    events.add(event(customerId, "track", "Email Opened", sent.plus(Duration.ofMinutes(random.nextInt(600))),
                            Map.of()));
                }
                if (random.nextInt(10) == 0) {
                    events.add(event(customerId, "track", "Email Link Clicked", sent.plus(Duration.ofHours(11)), Map.of()));
                }
            }
        }
        events.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        return events;
    }

    private static CustomerEvent event(String customerId, String type, String name, Instant at,
            Map<String, Object> properties) {
        Map<String, Object> traits = type.equals("identify")
                ? Map.of("email", "someone@example.com", "first_name", "Ada", "loyalty_tier", "gold") : Map.of();
        return new CustomerEvent(type, UUID.randomUUID().toString(), customerId, customerId, null, null, name,
                properties, traits, at, at);
    }
}
