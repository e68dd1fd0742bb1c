package dev.tailor.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The fact a rule reasons about: one customer's traits and behaviour at the moment of the decision.
 * Its methods are the fact API of DRL files, e.g. {@code Customer( count("Product Viewed", days(7)) >= 3 )}.
 * Windows end at {@link #getNow()} and count whole hours.
 */
public final class Customer {

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    private final String id;
    private final Instant now;
    private final Map<String, Object> traits;
    private final Map<String, EventStats> events;
    private final Duration keptWindow;

    public Customer(String id, Instant now, Map<String, Object> traits, Map<String, EventStats> events,
            Duration keptWindow) {
        this.id = id;
        this.now = now;
        this.traits = Map.copyOf(traits);
        this.events = Map.copyOf(events);
        this.keptWindow = keptWindow;
    }

    public String getId() {
        return id;
    }

    public Instant getNow() {
        return now;
    }

    /** False for a customer Tailor has never heard of. */
    public boolean isKnown() {
        return !traits.isEmpty() || !events.isEmpty();
    }

    /** Occurrences of {@code event} within the window that ends now, to the hour. */
    public long count(String event, Duration window) {
        if (window.compareTo(keptWindow) > 0) {
            throw new IllegalArgumentException("count(\"" + event + "\", " + window + ") asks for more than the "
                    + keptWindow + " of hourly counts Tailor keeps");
        }
        EventStats stats = events.get(event);
        if (stats == null) {
            return 0;
        }
        long fromHour = Math.floorDiv(now.minus(window).toEpochMilli(), HOUR_MS);
        return stats.hourlyCounts().tailMap(fromHour, false).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Occurrences of {@code event} ever counted. */
    public long countEver(String event) {
        EventStats stats = events.get(event);
        return stats == null ? 0 : stats.count();
    }

    /** Whether {@code event} happened within the window that ends now, to the millisecond. */
    public boolean did(String event, Duration window) {
        Instant last = lastSeen(event);
        return last != null && !last.isBefore(now.minus(window));
    }

    public Instant lastSeen(String event) {
        EventStats stats = events.get(event);
        return stats == null ? null : stats.last();
    }

    public Instant firstSeen(String event) {
        EventStats stats = events.get(event);
        return stats == null ? null : stats.first();
    }

    /** Hours since the latest {@code event}; infinite when it never happened, so "more than N hours ago" holds. */
    public double hoursSince(String event) {
        Instant last = lastSeen(event);
        return last == null ? Double.POSITIVE_INFINITY : (now.toEpochMilli() - last.toEpochMilli()) / (double) HOUR_MS;
    }

    /** Days since the latest {@code event}; infinite when it never happened. */
    public double daysSince(String event) {
        return hoursSince(event) / 24;
    }

    /** A trait as last identified (String, Number, Boolean, List or Map), or null. */
    public Object trait(String name) {
        return traits.get(name);
    }

    /** A trait as text, or {@code fallback} when it is missing or empty. */
    public String trait(String name, String fallback) {
        Object value = traits.get(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    /** Whether a trait is set to true (as a JSON boolean or the text "true"). */
    public boolean isTrue(String name) {
        Object value = traits.get(name);
        return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
    }

    @Override
    public String toString() {
        return "Customer[" + id + ", " + traits.size() + " traits, " + events.size() + " events]";
    }
}
