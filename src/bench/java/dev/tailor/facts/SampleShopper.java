package dev.tailor.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shopper with a month of browsing, a cart, two orders and opens, built in memory in the shape FactsStore
 * decodes from Redis (hourly buckets for the last days, daily ones beyond), so that a benchmark of the rules needs
 * no Redis.
 */
public final class SampleShopper {

    private static final long HOURLY_MS = Series.HOURLY.plusDays(1).toMillis();

    private final Instant now;
    private final FactSchema schema;
    private final Map<String, EventStats> events = new HashMap<>();
    private final Map<String, TreeMap<Long, Series.Bucket>> hours = new HashMap<>();
    private final Map<String, TreeMap<Long, Series.Bucket>> days = new HashMap<>();
    private final Map<String, List<String>> sumNames = new HashMap<>();

    private SampleShopper(Instant now, FactSchema schema) {
        this.now = now;
        this.schema = schema;
    }

    /** The customer as the rules of a rule set declaring {@code schema} see it at {@code now}. */
    public static Customer at(Instant now, FactSchema schema) {
        SampleShopper shopper = new SampleShopper(now, schema);
        String[] categories = {"shoes", "bags", "hats"};
        for (int i = 0; i < 60; i++) {
            shopper.add("Product Viewed", Duration.ofHours(11L * i + 1), Map.of("category", categories[i % 3]));
        }
        shopper.add("Product Added", Duration.ofHours(3), Map.of());
        shopper.add("Order Completed", Duration.ofDays(20), Map.of("revenue", 120.0, "category", "shoes"));
        shopper.add("Order Completed", Duration.ofDays(200), Map.of("revenue", 480.0, "category", "bags"));
        for (int i = 0; i < 12; i++) {
            shopper.add("Email Opened", Duration.ofDays(5L * i + 1), Map.of());
        }
        Map<String, Series> series = new HashMap<>();
        shopper.hours.keySet().forEach(key -> series.put(key, shopper.series(key)));
        shopper.days.keySet().forEach(key -> series.put(key, shopper.series(key)));
        return new Customer("sample-shopper", 75, now, schema, Map.of("loyalty_tier", "standard"), shopper.events,
                series);
    }

    private void add(String event, Duration ago, Map<String, Object> properties) {
        Instant at = now.minus(ago);
        events.merge(event, new EventStats(1, at, at), (a, b) -> new EventStats(a.count() + 1,
                a.first().isBefore(b.first()) ? a.first() : b.first(), a.last().isAfter(b.last()) ? a.last() : b.last()));
        FactSchema.TrackedEvent tracked = schema.event(event).orElseThrow();
        if (!tracked.windowed()) {
            return;
        }
        double[] sums = tracked.sums().stream().mapToDouble(name -> ((Number) properties.getOrDefault(name, 0)).doubleValue())
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
        if (at.isAfter(now.minusMillis(HOURLY_MS))) {
            hours.computeIfAbsent(key, k -> new TreeMap<>()).merge(Math.floorDiv(at.toEpochMilli(), Series.HOUR_MS),
                    one, Series.Bucket::plus);
        } else {
            days.computeIfAbsent(key, k -> new TreeMap<>()).merge(Math.floorDiv(at.toEpochMilli(), Series.DAY_MS),
                    one, Series.Bucket::plus);
        }
    }

    private Series series(String key) {
        return new Series(sumNames.get(key), hours.getOrDefault(key, new TreeMap<>()),
                days.getOrDefault(key, new TreeMap<>()));
    }
}
