package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.ingest.CustomerEvent;
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
 * Redis bytes per customer ({@code MEMORY USAGE}) for about 20 declared facts (bench/profile/facts.yaml) after
 * 90 days of an engaged customer's activity: two or three visits a week, an order every few weeks, three
 * e-mails a week.
 */
@QuarkusTest
@Tag("bench")
class FactsMemoryBench {

    private static final int CUSTOMERS = 200;

    @Inject
    FactsStore facts;

    @Inject
    RedisDataSource redis;

    @Test
    void bytesPerCustomer() throws Exception {
        FactSchema schema = FactSchema.parse(Files.readAllBytes(Path.of("bench", "profile", "facts.yaml")));
        Instant end = Instant.parse("2026-06-15T12:30:00Z");
        Random random = new Random(42);
        List<Long> factBytes = new ArrayList<>();
        List<Long> dedupBytes = new ArrayList<>();
        long events = 0;
        for (int c = 0; c < CUSTOMERS; c++) {
            String customerId = "bench-mem-" + UUID.randomUUID();
            List<CustomerEvent> activity =
                    CustomerActivity.of(customerId, end, CustomerActivity.Habits.ENGAGED, random);
            for (CustomerEvent event : activity) {
                facts.apply(event, event.timestamp().plusSeconds(1), schema).await().atMost(Duration.ofSeconds(5));
            }
            events += activity.size();
            factBytes.add(memoryUsage(FactsStore.factsKey(customerId)));
            dedupBytes.add(memoryUsage(FactsStore.factsKey(customerId) + ":applied"));
            facts.forget(customerId).await().atMost(Duration.ofSeconds(5));
        }
        factBytes.sort(Long::compare);
        dedupBytes.sort(Long::compare);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("customers", CUSTOMERS);
        figures.put("declaredFacts", schema.events().size());
        figures.put("eventsPerCustomer90d", events / CUSTOMERS);
        figures.put("factsBytesMedian", factBytes.get(CUSTOMERS / 2));
        figures.put("factsBytesP95", factBytes.get(CUSTOMERS * 95 / 100));
        figures.put("factsBytesMax", factBytes.get(CUSTOMERS - 1));
        figures.put("dedupBytesMedian", dedupBytes.get(CUSTOMERS / 2));
        figures.put("redisHashMaxListpackValue", redis.execute("CONFIG", "GET", "hash-max-listpack-value").get("hash-max-listpack-value").toString());
        BenchResults.write("facts-memory", figures);
        assertThat(factBytes.get(0)).isPositive();
    }

    private long memoryUsage(String key) {
        var response = redis.execute("MEMORY", "USAGE", key);
        return response == null ? 0 : response.toLong();
    }
}
