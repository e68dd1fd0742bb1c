package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.ingest.CustomerEvent;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Facts in the real Redis: applied once per messageId, windows by event time, traits kept as JSON. */
@QuarkusTest
class FactsStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    FactsStore store;

    @Inject
    RedisDataSource redis;

    private static CustomerEvent track(String customerId, String event, Instant at) {
        return new CustomerEvent("track", UUID.randomUUID().toString(), customerId, customerId, null, null, event,
                Map.of(), Map.of(), at, Instant.now());
    }

    private boolean apply(CustomerEvent event) {
        return store.apply(event).await().atMost(WAIT);
    }

    private Customer read(String customerId) {
        return store.read(customerId, Instant.now()).await().atMost(WAIT);
    }

    @Test
    void aMessageIdIsAppliedOnce() {
        String customer = "facts-" + UUID.randomUUID();
        CustomerEvent added = track(customer, "Product Added", Instant.now());

        assertThat(apply(added)).isTrue();
        assertThat(apply(added)).isFalse();

        assertThat(read(customer).countEver("Product Added")).isEqualTo(1);
        assertThat(read(customer).count("Product Added", Duration.ofDays(1))).isEqualTo(1);
    }

    @Test
    void windowsCountByEventTimeAndLateEventsKeepTheLatestLastSeen() {
        String customer = "facts-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        apply(track(customer, "Product Viewed", now.minus(Duration.ofHours(1))));
        apply(track(customer, "Product Viewed", now.minus(Duration.ofDays(3))));
        // Arrives last, happened first: beyond the 7-day window, but still the first occurrence.
        apply(track(customer, "Product Viewed", now.minus(Duration.ofDays(7).plusHours(3))));

        Customer facts = read(customer);
        assertThat(facts.count("Product Viewed", Duration.ofDays(7))).isEqualTo(2);
        assertThat(facts.count("Product Viewed", Duration.ofDays(8))).isEqualTo(3);
        assertThat(facts.countEver("Product Viewed")).isEqualTo(3);
        assertThat(facts.lastSeen("Product Viewed")).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(facts.firstSeen("Product Viewed")).isEqualTo(now.minus(Duration.ofDays(7).plusHours(3)));
    }

    @Test
    void eventsOlderThanTheKeptHoursStillCountAsSeen() {
        String customer = "facts-" + UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofDays(200)).truncatedTo(ChronoUnit.MILLIS);
        apply(track(customer, "Order Completed", longAgo));

        Customer facts = read(customer);
        assertThat(facts.count("Order Completed", Duration.ofDays(8))).isZero();
        assertThat(facts.countEver("Order Completed")).isEqualTo(1);
        assertThat(facts.lastSeen("Order Completed")).isEqualTo(longAgo);
    }

    @Test
    void identifyKeepsTraitsWithTheirJsonTypes() {
        String customer = "facts-" + UUID.randomUUID();
        apply(new CustomerEvent("identify", UUID.randomUUID().toString(), customer, customer, null, null, null,
                Map.of(), Map.of("loyalty_tier", "gold", "unsubscribed", true, "orders", 4), Instant.now(),
                Instant.now()));

        Customer facts = read(customer);
        assertThat(facts.trait("loyalty_tier")).isEqualTo("gold");
        assertThat(facts.isTrue("unsubscribed")).isTrue();
        assertThat(facts.trait("orders")).isEqualTo(4);
        assertThat(facts.isKnown()).isTrue();
        assertThat(read("facts-never-seen-" + UUID.randomUUID()).isKnown()).isFalse();
    }

    @Test
    void theScriptIsReloadedAfterRedisForgetsIt() {
        String customer = "facts-" + UUID.randomUUID();
        apply(track(customer, "Product Added", Instant.now()));
        redis.execute("SCRIPT", "FLUSH");

        assertThat(apply(track(customer, "Product Added", Instant.now()))).isTrue();
        assertThat(read(customer).countEver("Product Added")).isEqualTo(2);
    }
}
