package dev.tailor.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A customer's series as read from Redis, decoded the first time a rule asks for it: a render reads a few of a
 * customer's series (the marketing rules none of the per-category orders), and decoding the rest was the largest
 * share of Tailor's own work per render. Several stored fields may read as one series (a renamed grouping property
 * joins its old and new values); they are added up on decoding.
 */
final class StoredSeries {

    private final List<Supplier<Series>> parts = new ArrayList<>(1);
    private Series decoded;

    static StoredSeries of(Series series) {
        StoredSeries stored = new StoredSeries();
        stored.decoded = series;
        return stored;
    }

    StoredSeries add(Supplier<Series> part) {
        parts.add(part);
        return this;
    }

    /** The series; customers are read by one thread at a time, and decoding twice would give the same. */
    Series get() {
        if (decoded == null) {
            Series all = parts.get(0).get();
            for (int i = 1; i < parts.size(); i++) {
                all = all.plus(parts.get(i).get());
            }
            decoded = all;
        }
        return decoded;
    }
}
