package dev.tailor.facts;

import java.time.Instant;

/**
 * What Tailor keeps for good about one tracked event of one customer.
 *
 * @param count occurrences ever counted
 * @param first earliest event time seen, to the millisecond
 * @param last latest event time seen, to the millisecond
 */
public record EventStats(long count, Instant first, Instant last) {

    /**
     * The stored form, as apply-event.lua writes it: count, first (epoch ms) and last minus first, in base 36,
     * "3h:mn3o65c0:32a5o2o". Base 36 and the distance take 18 characters where decimal epoch ms took 31.
     */
    String encode() {
        return Long.toString(count, 36) + ":" + Long.toString(first.toEpochMilli(), 36) + ":"
                + Long.toString(last.toEpochMilli() - first.toEpochMilli(), 36);
    }

    static EventStats decode(String stored) {
        String[] parts = stored.split(":");
        long first = Long.parseLong(parts[1], 36);
        return new EventStats(
                Long.parseLong(parts[0], 36),
                Instant.ofEpochMilli(first),
                Instant.ofEpochMilli(first + Long.parseLong(parts[2], 36)));
    }

    /** Both customers' occurrences: counts added, the earlier first, the later last (an identity merge). */
    EventStats plus(EventStats other) {
        return new EventStats(
                count + other.count,
                first.isBefore(other.first) ? first : other.first,
                last.isAfter(other.last) ? last : other.last);
    }
}
