package dev.tailor.facts;

/**
 * The stored form of an event's own series field ({@link FieldNames#series(String)}), which also holds the event's
 * stats: "<stats>;<series>", e.g. "3h:mn3o65c0:32a5o2o;BBWq:32HBCZG4:2" ({@link EventStats}, {@link Series}; the
 * series may be empty once all its buckets have aged out). An event with time buckets thus needs no stats field of
 * its own, which saves its name and the hash's entry headers, about 7 bytes an event.
 */
final class OwnSeries {

    private OwnSeries() {}

    static EventStats stats(String stored) {
        return EventStats.decode(stored.substring(0, stored.indexOf(';')));
    }

    /** The series part: what {@link Series#decode(String)} reads; empty when no bucket is kept. */
    static String series(String stored) {
        return stored.substring(seriesStart(stored));
    }

    /** Where the series part starts: {@code stored.length()} when no bucket is kept. */
    static int seriesStart(String stored) {
        return stored.indexOf(';') + 1;
    }

    static String encode(EventStats stats, Series series) {
        return stats.encode() + ';' + series.encode();
    }

    /** Both customers' stats and series, as an identity merge adds them. */
    static String plus(String stored, String other) {
        return encode(
                stats(stored).plus(stats(other)), Series.decode(series(stored)).plus(Series.decode(series(other))));
    }
}
