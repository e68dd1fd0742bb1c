package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The first step of seeding the render benchmark (bench/seed.sh): template customers {@code bench-template-<k>}
 * whose facts are made by applying 90 days of varied activity through the real {@link FactsStore}, so their
 * hashes are exactly what the application writes. bench/seed.sh then copies them under a million ids in Redis.
 */
@QuarkusTest
@Tag("bench")
class RenderSeedBench {

    /** Customers applied at once: each one's events stay in order, as the facts consumer applies them. */
    private static final int CONCURRENCY = 8;

    @Inject
    FactsStore facts;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "bench.templates", defaultValue = "100")
    int templates;

    @Test
    void templateCustomers() {
        Instant end = Instant.now();
        Random random = new Random(8);
        List<List<CustomerEvent>> histories = new ArrayList<>();
        for (int k = 0; k < templates; k++) {
            histories.add(
                    CustomerActivity.of("bench-template-" + k, end, CustomerActivity.Habits.varied(random), random));
        }
        long started = System.nanoTime();
        Multi.createFrom()
                .iterable(histories)
                .onItem()
                .transformToUni(this::applied)
                .merge(CONCURRENCY)
                .collect()
                .last()
                .await()
                .atMost(Duration.ofMinutes(10));
        long events = histories.stream().mapToLong(List::size).sum();
        System.out.printf(
                "[bench] %d template customers, %d events applied in %d ms%n",
                templates, events, (System.nanoTime() - started) / 1_000_000);

        for (List<CustomerEvent> history : histories) {
            Map<String, String> hash = redis.hash(String.class)
                    .hgetall(FactsStore.factsKey(history.get(0).customerId()));
            assertThat(hash).containsEntry("v", Integer.toString(history.size()));
            redis.key().del(FactsStore.appliedKey(history.get(0).customerId()));
        }
    }

    private Uni<Boolean> applied(List<CustomerEvent> history) {
        return Multi.createFrom()
                .iterable(history)
                .onItem()
                .transformToUniAndConcatenate(
                        event -> facts.apply(event, event.timestamp().plusSeconds(1)))
                .collect()
                .last();
    }
}
