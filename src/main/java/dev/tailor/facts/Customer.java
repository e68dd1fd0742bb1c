package dev.tailor.facts;

import dev.tailor.facts.FactSchema.TrackedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The fact a rule reasons about: one customer's traits and behaviour at the moment {@link #getNow()}. Its methods
 * are the fact API of DRL files and decision tables, e.g. {@code Customer( count("Product Viewed", days(7)) >= 3 )}.
 * A rule may only ask for facts its rule set declares in facts.yaml; anything else throws
 * {@link UndeclaredFactException}.
 *
 * <p>While rules read it, a customer notes the earliest moment any value read would change by time alone (a
 * view leaving a window, a cart reaching 24 hours): {@link #nextChange()}. Values not read cannot change the
 * outcome before one that was read does.
 */
public final class Customer {

    /** Separates event, property and value in the key of a per-property series. */
    static final String GROUP = "\u001f";

    private final String id;
    private final long version;
    private final Instant now;
    private final FactSchema schema;
    private final Map<String, Object> traits;
    private final Map<String, EventStats> events;
    /** Each event's own series, by event name. */
    private final Map<String, StoredSeries> series;
    /** The series per value of grouping properties, by event name and property. */
    private final Map<String, Map<String, StoredGroup>> groups;

    private long nextChangeMs = Long.MAX_VALUE;
    /** Window totals already computed at this moment: many rules ask for the same window. */
    private final Map<WindowOf, Series.Totals> totalsCache = new HashMap<>();
    /** Stored fields that could not be decoded, some found only when a rule asked for their series. */
    private final UnreadableFields unreadable;
    /** Traits read with a default that had to be used; null until the first, since most reads find their value. */
    private List<TraitFallback> fallbacks;

    /** A cache key: one series over one window length (a record, so no key text is built per rule). */
    private record WindowOf(StoredSeries series, long windowMs) {}

    /**
     * @param version how many events had been applied to these facts when they were read; 0 for none
     * @param series by {@link #seriesKey}: an event's own, or one value's of a grouping property
     */
    public Customer(
            String id,
            long version,
            Instant now,
            FactSchema schema,
            Map<String, Object> traits,
            Map<String, EventStats> events,
            Map<String, Series> series) {
        this(
                ownSeries(series),
                groups(series),
                id,
                version,
                now,
                schema,
                present(traits),
                Map.copyOf(events),
                new UnreadableFields());
    }

    /**
     * Facts whose series are decoded when first asked for (see {@link StoredSeries}, {@link StoredGroup}).
     *
     * @param series each event's own, by event name
     * @param groups the grouping properties' series, by event name and property
     */
    static Customer ofStored(
            String id,
            long version,
            Instant now,
            FactSchema schema,
            Map<String, Object> traits,
            Map<String, EventStats> events,
            Map<String, StoredSeries> series,
            Map<String, Map<String, StoredGroup>> groups,
            UnreadableFields unreadable) {
        return new Customer(
                Map.copyOf(series),
                Map.copyOf(groups),
                id,
                version,
                now,
                schema,
                present(traits),
                Map.copyOf(events),
                unreadable);
    }

    /** Segment clears a trait by sending it as {@code null}: such a trait reads as absent, never as a failure. */
    private static Map<String, Object> present(Map<String, Object> stored) {
        // Segment's reserved traits (firstName or first_name) read as one, whichever spelling rules ask for.
        Map<String, Object> traits = ReservedTraits.canonical(stored);
        // containsValue(null) would throw on an immutable map.
        if (traits.values().stream().noneMatch(Objects::isNull)) {
            return Map.copyOf(traits);
        }
        Map<String, Object> present = new HashMap<>(traits);
        present.values().removeIf(Objects::isNull);
        return Map.copyOf(present);
    }

    /** Takes the maps as they are: callers pass unmodifiable copies. */
    private Customer(
            Map<String, StoredSeries> series,
            Map<String, Map<String, StoredGroup>> groups,
            String id,
            long version,
            Instant now,
            FactSchema schema,
            Map<String, Object> traits,
            Map<String, EventStats> events,
            UnreadableFields unreadable) {
        this.id = id;
        this.unreadable = unreadable;
        this.version = version;
        this.now = now;
        this.schema = schema;
        this.traits = traits;
        this.events = events;
        this.series = series;
        this.groups = groups;
    }

    private static Map<String, StoredSeries> ownSeries(Map<String, Series> series) {
        Map<String, StoredSeries> own = new HashMap<>();
        series.forEach((key, value) -> {
            if (!key.contains(GROUP)) {
                own.put(key, StoredSeries.of(value));
            }
        });
        return Map.copyOf(own);
    }

    private static Map<String, Map<String, StoredGroup>> groups(Map<String, Series> series) {
        Map<String, Map<String, Map<String, Series>>> byValue = new HashMap<>();
        series.forEach((key, value) -> {
            String[] parts = key.split(GROUP, 3);
            if (parts.length == 3) {
                byValue.computeIfAbsent(parts[0], e -> new HashMap<>())
                        .computeIfAbsent(parts[1], p -> new HashMap<>())
                        .put(parts[2], value);
            }
        });
        Map<String, Map<String, StoredGroup>> groups = new HashMap<>();
        byValue.forEach((event, properties) -> {
            Map<String, StoredGroup> byProperty = new HashMap<>();
            properties.forEach((property, values) -> byProperty.put(property, StoredGroup.of(values)));
            groups.put(event, Map.copyOf(byProperty));
        });
        return Map.copyOf(groups);
    }

    /** The same facts seen at another moment. */
    public Customer at(Instant moment) {
        return new Customer(series, groups, id, version, moment, schema, traits, events, unreadable);
    }

    /**
     * The stored fields of this customer that could not be decoded: left out of its facts, so that a decision made
     * from them would be made from part of the customer. Readers ask after the rules ran, as a series is decoded
     * when a rule first asks for it. Empty for a customer stored as Tailor writes it.
     */
    public List<String> unreadableFields() {
        return unreadable.list();
    }

    /** The key of a series in {@link #series}: the event, or the event and one value of a grouping property. */
    static String seriesKey(String event, String property, String value) {
        return property == null ? event : event + GROUP + property + GROUP + normalise(value);
    }

    /** Group values compare case-insensitively and without surrounding blanks: "Shoes " is "shoes". */
    static String normalise(Object value) {
        return String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT);
    }

    public String getId() {
        return id;
    }

    /** How many events had been applied when these facts were read: a decision names what it was made from. */
    public long getVersion() {
        return version;
    }

    public Instant getNow() {
        return now;
    }

    /** False for a customer Tailor has never heard of. */
    public boolean isKnown() {
        return !traits.isEmpty() || !events.isEmpty();
    }

    /** The earliest moment after now at which a value read so far changes with no new event, if any. */
    public java.util.Optional<Instant> nextChange() {
        return nextChangeMs == Long.MAX_VALUE
                ? java.util.Optional.empty()
                : java.util.Optional.of(Instant.ofEpochMilli(nextChangeMs));
    }

    private void changesAt(long atMs) {
        if (atMs > now.toEpochMilli() && atMs < nextChangeMs) {
            nextChangeMs = atMs;
        }
    }

    // --- frequency and monetary: windows ending now -------------------------------------------------------

    /** Occurrences of {@code event} within the window. */
    public long count(String event, Duration window) {
        if (!schema.allows(event, null, window)) {
            schema.requireWindow(() -> call("count", event, window), event, window);
        }
        return totals(series.get(event), window).count();
    }

    /** Occurrences of {@code event} whose {@code property} was {@code value} (case-insensitive) within the window. */
    public long count(String event, String property, Object value, Duration window) {
        if (!schema.allows(event, property, window)) {
            schema.requireGroup(() -> call("count", event, property, window), event, property, window);
        }
        return totals(grouped(event, property, value), window).count();
    }

    /** Total of the numeric {@code property} of {@code event} within the window (0 when none). */
    public double sum(String event, String property, Duration window) {
        if (!schema.allowsSum(event, property, window)) {
            schema.requireSum(() -> call("sum", event, property, window), event, property, window);
        }
        return sumOf(series.get(event), property, window);
    }

    /** Total of {@code property} over the occurrences whose {@code byProperty} was {@code value}. */
    public double sum(String event, String property, String byProperty, Object value, Duration window) {
        Supplier<String> call = () -> call("sum", event, property + ", " + byProperty, window);
        schema.requireSum(call, event, property, window);
        schema.requireGroup(call, event, byProperty, window);
        return sumOf(grouped(event, byProperty, value), property, window);
    }

    /** Mean of {@code property} per occurrence within the window; 0 when there was none. */
    public double average(String event, String property, Duration window) {
        if (!schema.allowsSum(event, property, window)) {
            schema.requireSum(() -> call("average", event, property, window), event, property, window);
        }
        StoredSeries kept = series.get(event);
        long count = totals(kept, window).count();
        return count == 0 ? 0 : sumOf(kept, property, window) / count;
    }

    private double sumOf(StoredSeries kept, String property, Duration window) {
        int index = kept == null ? -1 : kept.get().sumIndex(property);
        return index < 0 ? 0 : totals(kept, window).sum(index);
    }

    /** The series of one value of a grouping property, or null when the customer has none. */
    private StoredSeries grouped(String event, String property, Object value) {
        StoredGroup group = group(event, property);
        return group == null ? null : group.get(normalise(value));
    }

    private StoredGroup group(String event, String property) {
        Map<String, StoredGroup> byProperty = groups.get(event);
        return byProperty == null ? null : byProperty.get(property);
    }

    /** The most frequent value of {@code property} for {@code event} within the window (ties: alphabetically first). */
    public String top(String event, String property, Duration window, String fallback) {
        TrackedEvent tracked = schema.requireGroup(() -> call("top", event, property, window), event, property, window);
        StoredGroup group = group(tracked.name(), property);
        String top = null;
        long most = 0;
        for (Map.Entry<String, StoredSeries> kept : group == null
                ? Map.<String, StoredSeries>of().entrySet()
                : group.values().entrySet()) {
            long count = totals(kept.getValue(), window).count();
            String value = kept.getKey();
            if (count > most || count == most && count > 0 && value.compareTo(top) < 0) {
                top = value;
                most = count;
            }
        }
        return top == null ? fallback : top;
    }

    private Series.Totals totals(StoredSeries kept, Duration window) {
        if (kept == null) {
            return Series.Totals.NONE;
        }
        WindowOf asked = new WindowOf(kept, window.toMillis());
        Series.Totals totals = totalsCache.get(asked);
        if (totals == null) {
            totals = kept.get().within(now, window);
            totalsCache.put(asked, totals);
        }
        changesAt(totals.changesAtMs());
        return totals;
    }

    // --- recency: exact to the millisecond --------------------------------------------------------------

    /** Occurrences of {@code event} ever counted. */
    public long countEver(String event) {
        schema.requireEvent(() -> "countEver(\"" + event + "\")", event);
        EventStats stats = events.get(event);
        return stats == null ? 0 : stats.count();
    }

    /** Whether {@code event} happened within the window ending now: less than {@code window} ago. */
    public boolean did(String event, Duration window) {
        schema.requireEvent(() -> call("did", event, window), event);
        Instant last = last(event);
        if (last == null || !last.isAfter(now.minus(window))) {
            return false;
        }
        changesAt(last.plus(window).toEpochMilli());
        return true;
    }

    public Instant lastSeen(String event) {
        schema.requireEvent(() -> "lastSeen(\"" + event + "\")", event);
        return last(event);
    }

    public Instant firstSeen(String event) {
        schema.requireEvent(() -> "firstSeen(\"" + event + "\")", event);
        EventStats stats = events.get(event);
        return stats == null ? null : stats.first();
    }

    /**
     * Whether the first {@code event} happened within the window ending now, e.g. a customer whose first order
     * is less than 30 days old. Exact, so its change by time alone is known to the millisecond.
     */
    public boolean firstWithin(String event, Duration window) {
        schema.requireEvent(() -> call("firstWithin", event, window), event);
        EventStats stats = events.get(event);
        if (stats == null || !stats.first().isAfter(now.minus(window))) {
            return false;
        }
        changesAt(stats.first().plus(window).toEpochMilli());
        return true;
    }

    /** Days since the earliest {@code event}, e.g. how long someone has been a customer; infinite when never. */
    public double daysSinceFirst(String event) {
        schema.requireEvent(() -> "daysSinceFirst(\"" + event + "\")", event);
        EventStats stats = events.get(event);
        return since(stats == null ? null : stats.first(), Series.DAY_MS);
    }

    /** Hours since the latest {@code event}; infinite when it never happened, so "more than N hours" holds. */
    public double hoursSince(String event) {
        schema.requireEvent(() -> "hoursSince(\"" + event + "\")", event);
        return since(last(event), Series.HOUR_MS);
    }

    /** Days since the latest {@code event}; infinite when it never happened. */
    public double daysSince(String event) {
        schema.requireEvent(() -> "daysSince(\"" + event + "\")", event);
        return since(last(event), Series.DAY_MS);
    }

    /** Elapsed time in units since {@code from}. */
    private double since(Instant from, long unitMs) {
        if (from == null) {
            return Double.POSITIVE_INFINITY;
        }
        long elapsed = now.toEpochMilli() - from.toEpochMilli();
        // Rules compare elapsed time with whole numbers, so the next whole unit is when the outcome may change;
        // beyond the longest window, recency is taken as settled rather than re-checked unit by unit.
        if (elapsed < FactSchema.MAX_WINDOW.toMillis()) {
            changesAt(from.toEpochMilli() + (Math.floorDiv(elapsed, unitMs) + 1) * unitMs + 1);
        }
        return elapsed / (double) unitMs;
    }

    private Instant last(String event) {
        EventStats stats = events.get(event);
        return stats == null ? null : stats.last();
    }

    // --- traits -----------------------------------------------------------------------------------------

    /**
     * A trait as last identified (String, Number, Boolean, List or Map), or null. Segment's reserved traits answer
     * to either spelling: {@code trait("first_name")} and {@code trait("firstName")} are one trait.
     */
    public Object trait(String name) {
        return traits.get(ReservedTraits.stored(name));
    }

    /** A trait as text, or {@code fallback} when it is missing or blank (noted in {@link #fallbacks()}). */
    public String trait(String name, String fallback) {
        Object value = trait(name);
        if (value == null || value.toString().isBlank()) {
            return fellBack(name, keptRaw(name), fallback);
        }
        return value.toString();
    }

    /** A numeric trait, or {@code fallback} when it is missing or not a number (noted in {@link #fallbacks()}). */
    public double number(String name, double fallback) {
        Object value = trait(name);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value == null) {
            return fellBack(name, keptRaw(name), fallback);
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return fellBack(name, true, fallback);
        }
    }

    /** Whether normalisation kept an unreadable value of the trait aside, under either spelling's raw name. */
    private boolean keptRaw(String name) {
        for (String spelling : ReservedTraits.spellings(name)) {
            if (traits.containsKey(spelling + ReservedTraits.RAW_SUFFIX)) {
                return true;
            }
        }
        return false;
    }

    private <T> T fellBack(String trait, boolean invalid, T used) {
        if (fallbacks == null) {
            fallbacks = new ArrayList<>(2);
        }
        fallbacks.add(new TraitFallback(trait, invalid, String.valueOf(used)));
        return used;
    }

    /**
     * The traits rules asked for with a default and got the default instead, in the order asked (a trait asked
     * for twice is listed twice): what a render reports as data-quality feedback.
     */
    public List<TraitFallback> fallbacks() {
        return fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    /** Whether a trait is set to true (as a JSON boolean or the text "true"). */
    public boolean isTrue(String name) {
        Object value = trait(name);
        return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
    }

    private static String call(String method, String event, Duration window) {
        return method + "(\"" + event + "\", " + FactSchema.describe(window) + ")";
    }

    private static String call(String method, String event, String property, Duration window) {
        return method + "(\"" + event + "\", " + property + ", " + FactSchema.describe(window) + ")";
    }

    @Override
    public String toString() {
        return "Customer[" + id + " at " + now + ", " + traits.size() + " traits, " + events.size() + " events]";
    }
}
