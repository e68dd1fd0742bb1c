package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.events.CustomerEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * The series codec is written twice: apply-event.lua writes a customer's time buckets on every event, and Java reads
 * them for every render and writes them back when identity merges two customers. For arbitrary histories (times
 * across the declared window and beyond it, sums whole and fractional, tiny, negative and near the ±1e15 limit), the
 * form the script writes is read by Java as the counts and sums of the events themselves, and Java writes it back
 * character for character, so a merged customer's fields are the ones the script would have written.
 *
 * <p>A {@code @QuarkusTest} cannot host jqwik's {@code @Property} methods, so the histories are generated up front in
 * a seeded {@link JqwikSession} ({@code -Dtailor.properties.seed=...}, {@code -Dtailor.properties.histories=...}).
 */
@QuarkusTest
class SeriesCodecParityTest {

    private static final String SEED = System.getProperty("tailor.properties.seed", "20");
    private static final int HISTORIES = Integer.getInteger("tailor.properties.histories", 120);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Declared in rules/marketing/facts.yaml with a 400-day window, a revenue sum and a category grouping. */
    private static final String EVENT = "Order Completed";

    private static final List<Duration> WINDOWS = List.of(
            Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(365));

    @Inject
    FactsStore facts;

    /** One event of a history: how long before now it happened, its revenue and category. */
    record Order(Duration age, double revenue, String category) {}

    @Test
    void whatTheScriptWritesJavaReadsAsTheEventsAndWritesBackUnchanged() {
        for (List<Order> history : histories()) {
            String customerId = "codec-" + UUID.randomUUID();
            Instant now = Instant.now();
            history.forEach(order -> apply(customerId, order, now));
            Map<String, String> stored = facts.stored(customerId).await().atMost(WAIT);

            String own = stored.get(FieldNames.series(EVENT));
            assertThat(own).as("own series of %s", history).isNotNull();
            Series series = Series.decode(OwnSeries.series(own));
            assertThat(OwnSeries.encode(OwnSeries.stats(own), series))
                    .as("Java's form of %s", history)
                    .isEqualTo(own);
            assertThat(OwnSeries.stats(own).count()).isEqualTo(history.size());
            for (Duration window : WINDOWS) {
                Series.Totals totals = series.within(now, window);
                List<Order> counted = history.stream()
                        .filter(order -> counts(order, now, window))
                        .toList();
                assertThat(totals.count())
                        .as("count over %s of %s", window, history)
                        .isEqualTo(counted.size());
                double magnitude = counted.stream()
                        .mapToDouble(order -> Math.abs(order.revenue()))
                        .sum();
                assertThat(totals.sum(0))
                        .as("revenue over %s of %s", window, history)
                        .isCloseTo(
                                counted.stream().mapToDouble(Order::revenue).sum(), within(1e-13 * magnitude + 1e-12));
            }

            String grouped = stored.get(FieldNames.series(EVENT, "category"));
            if (grouped != null) {
                assertThat(GroupedSeries.encode(GroupedSeries.decode(grouped)))
                        .as("Java's form of the groups of %s", history)
                        .isEqualTo(grouped);
            }
        }
    }

    /** The bucket rule: hourly windows count from the hour holding their start, longer ones from its day. */
    private static boolean counts(Order order, Instant now, Duration window) {
        long at = now.minus(order.age()).toEpochMilli();
        long start = now.minus(window).toEpochMilli();
        long bucket = window.compareTo(Series.HOURLY) <= 0 ? Series.HOUR_MS : Series.DAY_MS;
        return at / bucket >= start / bucket && !order.age().isNegative();
    }

    private void apply(String customerId, Order order, Instant now) {
        facts.apply(new CustomerEvent(
                        "track",
                        UUID.randomUUID().toString(),
                        customerId,
                        customerId,
                        null,
                        null,
                        EVENT,
                        Map.of("revenue", order.revenue(), "category", order.category()),
                        null,
                        now.minus(order.age()),
                        now))
                .await()
                .atMost(WAIT);
    }

    private static List<List<Order>> histories() {
        Arbitrary<Duration> age = Arbitraries.oneOf(
                        Arbitraries.longs().between(0, Duration.ofDays(2).toSeconds()),
                        Arbitraries.longs().between(0, Duration.ofDays(420).toSeconds()))
                .map(Duration::ofSeconds);
        Arbitrary<Double> revenue = Arbitraries.oneOf(
                Arbitraries.integers().between(-1000, 100_000).map(Integer::doubleValue),
                Arbitraries.bigDecimals()
                        .between(java.math.BigDecimal.valueOf(-500), java.math.BigDecimal.valueOf(5000))
                        .ofScale(2)
                        .map(java.math.BigDecimal::doubleValue),
                Arbitraries.doubles().between(-1e15, 1e15).ofScale(4),
                Arbitraries.doubles().between(1e-9, 1e-3).ofScale(15),
                Arbitraries.of(0.1, 0.2, 1e15, -1e15, 999_999_999_999_999.0, 0.0));
        Arbitrary<Order> order = Combinators.combine(age, revenue, Arbitraries.of("shoes", "hats", "bags"))
                .as(Order::new);
        Arbitrary<List<Order>> history = order.list().ofMinSize(1).ofMaxSize(40);
        List<List<Order>> all = new ArrayList<>(HISTORIES);
        JqwikSession.start();
        try {
            Random random = new Random(Long.parseLong(SEED));
            for (int i = 0; i < HISTORIES; i++) {
                all.add(history.generator(100).next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return all;
    }
}
