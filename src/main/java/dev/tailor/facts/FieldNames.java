package dev.tailor.facts;

import dev.tailor.facts.FactSchema.TrackedEvent;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The names of a customer's facts in its hash. Event and property names are kept as short codes taken from their
 * digest instead of as written ("Product Viewed" is 14 characters in every field of it, its code 3): most of a
 * hash's bytes were names. A code depends on the name alone, so it stays the same whichever rule sets are active;
 * {@link FactSchema} refuses declarations whose codes would collide.
 *
 * <p>Fields: {@code e<event>} count, first and last occurrence ({@link EventStats#encode()}) of an event without
 * time buckets; {@code s<event>} those and its time buckets ({@link OwnSeries}, {@link Series}) of an event with
 * them, and {@code s<event><property>} those of every value of a grouping property ({@link GroupedSeries}). Fields of
 * any other name are not read: an earlier stored form is rebuilt by a replay (docs/operations.md).
 */
public final class FieldNames {

    /** 18 bits: declarations of a few dozen events collide with a chance of about one in ten thousand. */
    static final int EVENT_CODE = 3;
    /** 12 bits, enough among the few properties one event groups or sums by. */
    static final int PROPERTY_CODE = 2;

    static final char STATS = 'e';
    static final char SERIES = 's';

    private static final Map<String, String> CODES = new ConcurrentHashMap<>();

    private FieldNames() {}

    static String eventCode(String event) {
        return code(event, EVENT_CODE);
    }

    static String propertyCode(String property) {
        return code(property, PROPERTY_CODE);
    }

    private static String code(String name, int length) {
        // Declared names are few, so remembering each one's code bounds nothing worth bounding.
        String code = CODES.computeIfAbsent(
                name,
                n -> Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(DigestUtils.sha256(n), 3)));
        return code.substring(0, length);
    }

    public static String stats(String event) {
        return STATS + eventCode(event);
    }

    public static String series(String event) {
        return SERIES + eventCode(event);
    }

    /** The series of every value of one grouping property of an event. */
    static String series(String event, String property) {
        return series(event) + propertyCode(property);
    }

    /** Whether a field holds an event's stats or series: the kind and a code. */
    static boolean isEventField(String field) {
        return field.length() > EVENT_CODE && (field.charAt(0) == STATS || field.charAt(0) == SERIES);
    }

    /** Whether a series field is an event's own, not one of a grouping property. */
    static boolean isOwnSeries(String field) {
        return field.length() == 1 + EVENT_CODE && field.charAt(0) == SERIES;
    }

    /** Whether a series field holds the series of a grouping property's values. */
    static boolean isGroupedSeries(String field) {
        return field.length() == 1 + EVENT_CODE + PROPERTY_CODE && field.charAt(0) == SERIES;
    }

    /** The declared events of {@code schema} by code. */
    static Map<String, TrackedEvent> eventsByCode(FactSchema schema) {
        Map<String, TrackedEvent> byCode = new HashMap<>();
        schema.events().values().forEach(event -> byCode.put(eventCode(event.name()), event));
        return byCode;
    }
}
