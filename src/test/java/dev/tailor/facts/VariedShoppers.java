package dev.tailor.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Customers of many shapes (views, carts, orders, opens and traits drawn from a seed), built in memory in the shape
 * FactsStore decodes from Redis, so that a test can run the sample rules on many different customers without Redis.
 */
public final class VariedShoppers {

    private static final String[] CATEGORIES = {"shoes", "bags", "hats"};
    private static final String[] TIERS = {"standard", "silver", "gold"};

    private final Instant now;
    private final FactSchema schema;
    private final Map<String, EventStats> events = new HashMap<>();
    private final Map<String, TreeMap<Long, Series.Bucket>> hours = new HashMap<>();
    private final Map<String, TreeMap<Long, Series.Bucket>> days = new HashMap<>();
    private final Map<String, List<String>> sumNames = new HashMap<>();

    private VariedShoppers(Instant now, FactSchema schema) {
        this.now = now;
        this.schema = schema;
    }

    /** Customer number {@code seed}: the same seed always gives the same facts. */
    public static Customer customer(int seed, Instant now, FactSchema schema) {
        Random random = new Random(seed);
        VariedShoppers shopper = new VariedShoppers(now, schema);
        for (int i = random.nextInt(12); i > 0; i--) {
            shopper.add(
                    "Product Viewed",
                    Duration.ofHours(1 + random.nextInt(24 * 30)),
                    Map.of("category", CATEGORIES[random.nextInt(CATEGORIES.length)]));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            shopper.add("Product Added", Duration.ofHours(1 + random.nextInt(24 * 7)), Map.of());
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            shopper.add(
                    "Order Completed",
                    Duration.ofDays(1 + random.nextInt(399)),
                    Map.of(
                            "revenue",
                            20.0 * (1 + random.nextInt(30)),
                            "category",
                            CATEGORIES[random.nextInt(CATEGORIES.length)]));
        }
        for (int i = random.nextInt(8); i > 0; i--) {
            shopper.add("Email Opened", Duration.ofDays(1 + random.nextInt(89)), Map.of());
        }
        Map<String, Object> traits = random.nextBoolean()
                ? Map.of("loyalty_tier", TIERS[random.nextInt(TIERS.length)], "first_name", "Ada" + seed)
                : Map.of();
        Map<String, Series> series = new HashMap<>();
        shopper.sumNames
                .keySet()
                .forEach(key -> series.put(
                        key,
                        new Series(
                                shopper.sumNames.get(key),
                                shopper.hours.getOrDefault(key, new TreeMap<>()),
                                shopper.days.getOrDefault(key, new TreeMap<>()))));
        return new Customer("varied-" + seed, seed, now, schema, traits, shopper.events, series);
    }

    private void add(String event, Duration ago, Map<String, Object> properties) {
        Instant at = now.minus(ago);
        events.merge(
                event,
                new EventStats(1, at, at),
                (a, b) -> new EventStats(
                        a.count() + b.count(),
                        a.first().isBefore(b.first()) ? a.first() : b.first(),
                        a.last().isAfter(b.last()) ? a.last() : b.last()));
        FactSchema.TrackedEvent tracked = schema.event(event).orElseThrow();
        if (!tracked.windowed()) {
            return;
        }
        double[] sums = tracked.sums().stream()
                .mapToDouble(name -> ((Number) properties.getOrDefault(name, 0)).doubleValue())
                .toArray();
        bucket(Customer.seriesKey(event, null, null), tracked, at, sums);
        for (String property : tracked.groupBy()) {
            Object value = properties.get(property);
            if (value != null) {
                bucket(Customer.seriesKey(event, property, value.toString()), tracked, at, sums);
            }
        }
    }

    private void bucket(String key, FactSchema.TrackedEvent tracked, Instant at, double[] sums) {
        sumNames.put(key, tracked.sums());
        Series.Bucket one = new Series.Bucket(1, sums);
        boolean hourly = at.isAfter(now.minus(Series.HOURLY).minus(Duration.ofDays(1)));
        (hourly ? hours : days)
                .computeIfAbsent(key, k -> new TreeMap<>())
                .merge(
                        Math.floorDiv(at.toEpochMilli(), hourly ? Series.HOUR_MS : Series.DAY_MS),
                        one,
                        Series.Bucket::plus);
    }
}
