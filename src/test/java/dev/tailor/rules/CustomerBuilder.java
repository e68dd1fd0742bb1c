package dev.tailor.rules;

import dev.tailor.facts.Customer;
import dev.tailor.facts.EventStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prepared facts for rule tests: events at times relative to a fixed now, and traits. */
final class CustomerBuilder {

    static final Duration KEPT = Duration.ofDays(8);

    private final Instant now;
    private final Map<String, Object> traits = new HashMap<>();
    private final Map<String, List<Instant>> events = new HashMap<>();

    private CustomerBuilder(Instant now) {
        this.now = now;
    }

    static CustomerBuilder at(Instant now) {
        return new CustomerBuilder(now);
    }

    CustomerBuilder did(String event, Duration ago) {
        events.computeIfAbsent(event, e -> new ArrayList<>()).add(now.minus(ago));
        return this;
    }

    CustomerBuilder trait(String name, Object value) {
        traits.put(name, value);
        return this;
    }

    Customer build() {
        Map<String, EventStats> stats = new HashMap<>();
        events.forEach((event, times) -> {
            TreeMap<Long, Long> hourly = new TreeMap<>();
            times.forEach(time -> hourly.merge(Math.floorDiv(time.toEpochMilli(), 3_600_000L), 1L, Long::sum));
            Instant first = times.stream().min(Instant::compareTo).orElseThrow();
            Instant last = times.stream().max(Instant::compareTo).orElseThrow();
            stats.put(event, new EventStats(times.size(), first, last, hourly));
        });
        return new Customer("c-" + System.nanoTime(), now, traits, stats, KEPT);
    }
}
