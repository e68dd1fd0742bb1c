package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerEvent;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Facts in the real Redis, declared by the sample rule set's facts.yaml: applied once per messageId, windows by
 * event time, buckets trimmed as they age, traits kept as JSON.
 */
@QuarkusTest
class FactsStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    FactsStore store;

    @Inject
    RedisDataSource redis;

    private static CustomerEvent track(String customerId, String event, Instant at, Map<String, Object> properties) {
        return new CustomerEvent(
                "track",
                UUID.randomUUID().toString(),
                customerId,
                customerId,
                null,
                null,
                event,
                properties,
                Map.of(),
                at,
                Instant.now());
    }

    private static CustomerEvent track(String customerId, String event, Instant at) {
        return track(customerId, event, at, Map.of());
    }

    private boolean apply(CustomerEvent event) {
        return store.apply(event).await().atMost(WAIT);
    }

    private boolean applyAt(CustomerEvent event, Instant now) {
        return store.apply(event, now).await().atMost(WAIT);
    }

    private Customer read(String customerId) {
        return store.read(customerId, Instant.now()).await().atMost(WAIT);
    }

    private Map<String, String> raw(String customerId) {
        return redis.hash(String.class).hgetall(FactsStore.factsKey(customerId));
    }

    /** The buckets of an event's own series as stored, without the stats before them. */
    private String ownSeries(String customerId, String event) {
        return OwnSeries.series(raw(customerId).get(FieldNames.series(event)));
    }

    /** The applied messageIds as stored: 6-byte digests scored by when they were applied (s). */
    private List<ScoredValue<byte[]>> appliedSet(String customerId) {
        return redis.sortedSet(byte[].class).zrangeWithScores(FactsStore.appliedKey(customerId), 0, -1);
    }

    private static String customer() {
        return "facts-" + UUID.randomUUID();
    }

    @Test
    void aMessageIdIsAppliedOnce() {
        String customer = customer();
        CustomerEvent added = track(customer, "Product Added", Instant.now());

        assertThat(apply(added)).isTrue();
        assertThat(apply(added)).isFalse();

        assertThat(read(customer).countEver("Product Added")).isEqualTo(1);
        assertThat(read(customer).count("Product Added", Duration.ofDays(1))).isEqualTo(1);
        assertThat(read(customer).getVersion()).isEqualTo(1);
    }

    @Test
    void aMessageIdIsRememberedForTheDedupWindowAndForgottenAfter() {
        String customer = customer();
        Instant now = Instant.parse("2026-06-15T12:30:00Z");
        CustomerEvent first = track(customer, "Product Added", now);
        CustomerEvent second = track(customer, "Product Added", now.plusSeconds(2 * 3600));
        assertThat(applyAt(first, now)).isTrue();
        assertThat(applyAt(second, now.plusSeconds(2 * 3600))).isTrue();

        // Still within the window (a day in the tests' configuration): both are known, kept beside the facts hash.
        assertThat(applyAt(first, now.plus(Duration.ofHours(23)))).isFalse();
        assertThat(applyAt(second, now.plus(Duration.ofHours(23)))).isFalse();
        assertThat(raw(customer)).doesNotContainKey("a");
        assertThat(appliedSet(customer))
                .extracting(ScoredValue::score)
                .containsExactly((double) now.getEpochSecond(), (double) now.getEpochSecond() + 2 * 3600);

        // A day and an hour on, only the second is remembered; the first counts again, as any event that old.
        assertThat(applyAt(second, now.plus(Duration.ofHours(25)))).isFalse();
        assertThat(applyAt(first, now.plus(Duration.ofHours(25)))).isTrue();
        assertThat(appliedSet(customer))
                .extracting(ScoredValue::score)
                .containsExactly((double) now.getEpochSecond() + 2 * 3600, (double) now.getEpochSecond() + 25 * 3600);
        assertThat(read(customer).countEver("Product Added")).isEqualTo(3);
    }

    @Test
    void eachAppliedEventRemovesAFewMessageIdsThatLeftTheWindowAndTheSetExpiresAfterIt() {
        String customer = customer();
        Instant now = Instant.parse("2026-06-15T12:30:00Z");
        for (int i = 0; i < 10; i++) {
            assertThat(applyAt(track(customer, "Product Added", now), now)).isTrue();
        }
        assertThat(appliedSet(customer)).hasSize(10);

        // Each new event removes at most four of those that left the window: a bounded step, whatever lies behind.
        Instant later = now.plus(Duration.ofHours(25));
        assertThat(applyAt(track(customer, "Product Added", later), later)).isTrue();
        assertThat(appliedSet(customer)).hasSize(7);
        assertThat(applyAt(track(customer, "Product Added", later), later)).isTrue();
        assertThat(applyAt(track(customer, "Product Added", later), later)).isTrue();
        assertThat(appliedSet(customer)).extracting(ScoredValue::score).containsOnly((double) later.getEpochSecond());
        long ttl = redis.key().ttl(FactsStore.appliedKey(customer));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofDays(1).toSeconds());
    }

    @Test
    void forgettingACustomerForgetsItsAppliedMessageIdsAndKeepsItsDecisions() {
        String customer = customer();
        CustomerEvent added = track(customer, "Product Added", Instant.now());
        assertThat(apply(added)).isTrue();
        redis.hash(String.class).hset(FactsStore.factsKey(customer), "d:marketing", "1:0:");

        store.forget(customer).await().atMost(WAIT);

        assertThat(raw(customer)).containsOnlyKeys("d:marketing");
        assertThat(redis.key().exists(FactsStore.appliedKey(customer))).isFalse();
        assertThat(apply(added)).isTrue();
    }

    @Test
    void aBackFillWritesTheNewFactsOnceAndLeavesTheLiveDuplicateCheckAlone() {
        String customer = customer();
        Instant now = Instant.now();
        CustomerEvent wished = track(customer, "Wishlist Added", now.minusSeconds(60));
        assertThat(apply(wished)).isTrue();
        List<ScoredValue<byte[]>> applied = appliedSet(customer);
        FactSchema wishes = FactSchema.parse(
                "events:\n  Wishlist Added: {window: 30d}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(store.backfill(wished, now, wishes, "pass-1").await().atMost(WAIT))
                .isTrue();
        assertThat(store.backfill(wished, now, wishes, "pass-1").await().atMost(WAIT))
                .isFalse();

        assertThat(appliedSet(customer))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(applied);
        assertThat(store.read(customer, now, wishes).await().atMost(WAIT).count("Wishlist Added", Duration.ofDays(30)))
                .isEqualTo(1);
    }

    @Test
    void aBatchIsAppliedInOrderAndCountsARepeatedMessageIdOnce() {
        String first = customer();
        String second = customer();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CustomerEvent added = track(first, "Product Added", now.minusSeconds(60));
        CustomerEvent identify = new CustomerEvent(
                "identify",
                UUID.randomUUID().toString(),
                first,
                first,
                null,
                null,
                null,
                Map.of(),
                Map.of("plan", "gold"),
                now.minusSeconds(30),
                now);
        CustomerEvent renamed = new CustomerEvent(
                "identify",
                UUID.randomUUID().toString(),
                first,
                first,
                null,
                null,
                null,
                Map.of(),
                Map.of("plan", "platinum"),
                now.minusSeconds(20),
                now);
        CustomerEvent viewed = track(second, "Product Viewed", now.minusSeconds(10), Map.of("category", "shoes"));

        assertThat(store.applyAll(List.of(added, identify, viewed, added, renamed))
                        .await()
                        .atMost(WAIT))
                .containsExactly(true, true, true, false, true);
        // The same batch again, as after a redelivery: nothing is applied twice.
        assertThat(store.applyAll(List.of(added, identify, viewed, added, renamed))
                        .await()
                        .atMost(WAIT))
                .containsOnly(false);

        Customer firstFacts = read(first);
        assertThat(firstFacts.countEver("Product Added")).isEqualTo(1);
        assertThat(firstFacts.getVersion()).isEqualTo(3);
        assertThat(firstFacts.trait("plan"))
                .as("the later identify wins, as sent")
                .isEqualTo("platinum");
        assertThat(read(second).count("Product Viewed", "category", "shoes", Duration.ofDays(1)))
                .isEqualTo(1);
    }

    @Test
    void windowsCountByEventTimeAndLateEventsKeepTheLatestLastSeen() {
        String customer = customer();
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
        assertThat(facts.firstSeen("Product Viewed"))
                .isEqualTo(now.minus(Duration.ofDays(7).plusHours(3)));
    }

    @Test
    void sumsAveragesAndGroupsComeFromTheSameBuckets() {
        String customer = customer();
        Instant now = Instant.now();
        apply(track(
                customer,
                "Order Completed",
                now.minus(Duration.ofDays(100)),
                Map.of("revenue", 120.5, "category", "Shoes")));
        apply(track(
                customer,
                "Order Completed",
                now.minus(Duration.ofHours(5)),
                Map.of("revenue", "79.5", "category", "bags")));
        apply(track(customer, "Order Completed", now.minus(Duration.ofHours(4)), Map.of("category", "shoes")));

        Customer facts = read(customer);
        assertThat(facts.sum("Order Completed", "revenue", Duration.ofDays(365)))
                .isEqualTo(200.0);
        assertThat(facts.sum("Order Completed", "revenue", Duration.ofDays(30))).isEqualTo(79.5);
        assertThat(facts.average("Order Completed", "revenue", Duration.ofDays(365)))
                .isEqualTo(200.0 / 3);
        assertThat(facts.count("Order Completed", "category", "SHOES", Duration.ofDays(365)))
                .isEqualTo(2);
        assertThat(facts.sum("Order Completed", "revenue", "category", "shoes", Duration.ofDays(365)))
                .isEqualTo(120.5);
        assertThat(facts.top("Order Completed", "category", Duration.ofDays(365), "none"))
                .isEqualTo("shoes");
        assertThat(facts.top("Order Completed", "category", Duration.ofDays(1), "none"))
                .isEqualTo("bags");
    }

    @Test
    void storedSumsKeepTheirMeaningWhenTheDeclaredSumsChange() {
        String customer = customer();
        Instant now = Instant.now();
        FactSchema revenueOnly = FactSchema.parse("events:\n  Order Completed: {window: 90d, sum: [revenue]}\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        FactSchema taxFirst = FactSchema.parse("events:\n  Order Completed: {window: 90d, sum: [tax, revenue]}\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.apply(
                        track(
                                customer,
                                "Order Completed",
                                now.minus(Duration.ofDays(2)),
                                Map.of("revenue", 100, "tax", 9)),
                        now,
                        revenueOnly)
                .await()
                .atMost(WAIT);
        store.apply(
                        track(
                                customer,
                                "Order Completed",
                                now.minus(Duration.ofDays(1)),
                                Map.of("revenue", 50, "tax", 4)),
                        now,
                        taxFirst)
                .await()
                .atMost(WAIT);

        Customer facts = store.read(customer, now, taxFirst).await().atMost(WAIT);
        assertThat(facts.sum("Order Completed", "revenue", Duration.ofDays(30))).isEqualTo(150.0);
        assertThat(facts.sum("Order Completed", "tax", Duration.ofDays(30))).isEqualTo(4.0);
    }

    @Test
    void everyValueOfAGroupingPropertyIsCountedApartInOneField() {
        String customer = customer();
        Instant now = Instant.now();
        // Values with the characters the stored form uses between and inside series, in any case.
        List<String> odd = List.of("Shoes, Boots; & Heels", "DH/HD:1", "V-neck");
        for (int i = 0; i < odd.size(); i++) {
            for (int n = 0; n <= i; n++) {
                apply(track(
                        customer,
                        "Order Completed",
                        now.minus(Duration.ofDays(40 + n)).minusSeconds(i),
                        Map.of("category", odd.get(i), "revenue", 10 * (i + 1))));
            }
        }
        apply(track(
                customer,
                "Order Completed",
                now.minus(Duration.ofHours(2)),
                Map.of("category", "V-Neck ", "revenue", 2.5)));
        apply(track(
                customer, "Order Completed", now.minus(Duration.ofHours(1)), Map.of("category", " ", "revenue", 1)));

        Customer facts = read(customer);
        assertThat(facts.count("Order Completed", "category", "shoes, boots; & heels", Duration.ofDays(365)))
                .isEqualTo(1);
        assertThat(facts.count("Order Completed", "category", "DH/HD:1", Duration.ofDays(365)))
                .isEqualTo(2);
        assertThat(facts.count("Order Completed", "category", "v-neck", Duration.ofDays(365)))
                .isEqualTo(4);
        assertThat(facts.count("Order Completed", "category", "v-neck", Duration.ofDays(1)))
                .isEqualTo(1);
        assertThat(facts.sum("Order Completed", "revenue", "category", "dh/hd:1", Duration.ofDays(365)))
                .isEqualTo(40.0);
        assertThat(facts.sum("Order Completed", "revenue", "category", "v-neck", Duration.ofDays(365)))
                .isEqualTo(92.5);
        assertThat(facts.top("Order Completed", "category", Duration.ofDays(365), "none"))
                .isEqualTo("v-neck");
        assertThat(facts.count("Order Completed", Duration.ofDays(365))).isEqualTo(8);
        // One field holds every value's series, and Java reads back what the script wrote.
        String grouped = raw(customer).get(FieldNames.series("Order Completed", "category"));
        assertThat(GroupedSeries.decode(grouped)).containsOnlyKeys("shoes, boots; & heels", "dh/hd:1", "v-neck");
        assertThat(GroupedSeries.encode(GroupedSeries.decode(grouped))).isEqualTo(grouped);
    }

    @Test
    void countsOfManyDigitsReadBackAsWritten() {
        String customer = customer();
        Instant now = Instant.parse("2026-06-15T12:30:00Z");
        List<CustomerEvent> busy = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) { // 40 is "Be": two digits, no separator before the next bucket
            busy.add(track(
                    customer, "Product Added", now.minus(Duration.ofHours(50)).plusSeconds(i)));
        }
        busy.add(track(customer, "Product Added", now.minus(Duration.ofMinutes(5))));
        busy.forEach(event -> applyAt(event, now));

        Customer facts = store.read(customer, now).await().atMost(WAIT);
        assertThat(facts.count("Product Added", Duration.ofDays(7))).isEqualTo(41);
        assertThat(facts.count("Product Added", Duration.ofHours(2))).isEqualTo(1);
        String stored = OwnSeries.series(raw(customer).get(FieldNames.series("Product Added")));
        assertThat(stored).as("40 (B4) in one hour, one 50 (Be) hours on").matches("H[A-Z]*[0-9a-z]:B4Be");
        assertThat(Series.decode(stored).encode()).isEqualTo(stored);
    }

    @Test
    void groupedSeriesKeepTheirSumsWhenTheDeclaredSumsChange() {
        String customer = customer();
        Instant now = Instant.now();
        FactSchema revenueOnly =
                FactSchema.parse("events:\n  Order Completed: {window: 90d, sum: [revenue], by: [category]}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        FactSchema taxFirst =
                FactSchema.parse("events:\n  Order Completed: {window: 90d, sum: [tax, revenue], by: [category]}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.apply(
                        track(
                                customer,
                                "Order Completed",
                                now.minus(Duration.ofDays(3)),
                                Map.of("revenue", 100, "tax", 9, "category", "bags")),
                        now,
                        revenueOnly)
                .await()
                .atMost(WAIT);
        store.apply(
                        track(
                                customer,
                                "Order Completed",
                                now.minus(Duration.ofDays(2)),
                                Map.of("revenue", 70, "tax", 6, "category", "shoes")),
                        now,
                        revenueOnly)
                .await()
                .atMost(WAIT);
        // Another value's event under the new declarations: the stored values keep their revenue.
        store.apply(
                        track(
                                customer,
                                "Order Completed",
                                now.minus(Duration.ofDays(1)),
                                Map.of("revenue", 50, "tax", 4, "category", "hats")),
                        now,
                        taxFirst)
                .await()
                .atMost(WAIT);

        Customer facts = store.read(customer, now, taxFirst).await().atMost(WAIT);
        assertThat(facts.sum("Order Completed", "revenue", "category", "bags", Duration.ofDays(30)))
                .isEqualTo(100.0);
        assertThat(facts.sum("Order Completed", "revenue", "category", "shoes", Duration.ofDays(30)))
                .isEqualTo(70.0);
        assertThat(facts.sum("Order Completed", "revenue", "category", "hats", Duration.ofDays(30)))
                .isEqualTo(50.0);
        assertThat(facts.sum("Order Completed", "tax", "category", "hats", Duration.ofDays(30)))
                .isEqualTo(4.0);
        assertThat(facts.sum("Order Completed", "tax", "category", "bags", Duration.ofDays(30)))
                .isZero();
    }

    @Test
    void bucketsAgeOutAndOldHoursRollUpIntoDays() {
        String customer = customer();
        Instant now = Instant.parse("2026-06-15T12:30:00Z");
        applyAt(track(customer, "Product Viewed", now.minus(Duration.ofDays(2))), now);
        assertThat(ownSeries(customer, "Product Viewed")).startsWith("H");

        // Ten days later the view is older than the hourly horizon: it lives on in its day bucket.
        applyAt(track(customer, "Product Viewed", now.plus(Duration.ofDays(10))), now.plus(Duration.ofDays(10)));
        assertThat(ownSeries(customer, "Product Viewed")).matches("D[A-Z]*[0-9a-z]H[A-Z]*[0-9a-z]");

        // Forty days later both are older than the declared 30 days: only the newest view is kept.
        applyAt(track(customer, "Product Viewed", now.plus(Duration.ofDays(50))), now.plus(Duration.ofDays(50)));
        assertThat(ownSeries(customer, "Product Viewed")).matches("H[A-Z]*[0-9a-z]");
        assertThat(store.read(customer, now.plus(Duration.ofDays(50)))
                        .await()
                        .atMost(WAIT)
                        .countEver("Product Viewed"))
                .isEqualTo(3);
    }

    @Test
    void eventsOlderThanTheWindowAndUndeclaredEventsKeepNoBuckets() {
        String customer = customer();
        Instant longAgo = Instant.now().minus(Duration.ofDays(500)).truncatedTo(ChronoUnit.MILLIS);
        apply(track(customer, "Order Completed", longAgo));
        apply(track(customer, "Something Nobody Asked For", Instant.now()));

        Customer facts = read(customer);
        assertThat(facts.count("Order Completed", Duration.ofDays(400))).isZero();
        assertThat(facts.countEver("Order Completed")).isEqualTo(1);
        assertThat(facts.lastSeen("Order Completed")).isEqualTo(longAgo);
        // Its own series field keeps only its stats; the undeclared event nothing.
        assertThat(raw(customer)).containsOnlyKeys("v", FieldNames.series("Order Completed"));
        assertThat(OwnSeries.series(raw(customer).get(FieldNames.series("Order Completed"))))
                .isEmpty();
        apply(track(customer, "Unsubscribed", Instant.now()));
        assertThat(raw(customer)).containsKey(FieldNames.stats("Unsubscribed"));
    }

    @Test
    void identifyKeepsTraitsWithTheirJsonTypes() {
        String customer = customer();
        apply(new CustomerEvent(
                "identify",
                UUID.randomUUID().toString(),
                customer,
                customer,
                null,
                null,
                null,
                Map.of(),
                Map.of("loyalty_tier", "gold", "unsubscribed", true, "orders", 4),
                Instant.now(),
                Instant.now()));

        Customer facts = read(customer);
        assertThat(facts.trait("loyalty_tier")).isEqualTo("gold");
        assertThat(facts.isTrue("unsubscribed")).isTrue();
        assertThat(facts.trait("orders")).isEqualTo(4);
        assertThat(facts.number("orders", 0)).isEqualTo(4.0);
        assertThat(facts.isKnown()).isTrue();
        assertThat(read("facts-never-seen-" + UUID.randomUUID()).isKnown()).isFalse();
    }

    @Test
    void theScriptIsReloadedAfterRedisForgetsIt() {
        String customer = customer();
        apply(track(customer, "Product Added", Instant.now()));
        redis.execute("SCRIPT", "FLUSH");

        assertThat(apply(track(customer, "Product Added", Instant.now()))).isTrue();
        assertThat(read(customer).countEver("Product Added")).isEqualTo(2);
    }
}
