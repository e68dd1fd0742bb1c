package dev.tailor.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of the series of every value of one grouping property of an event, all in one hash field
 * ({@link FieldNames#series(String, String)}): the codes of the summed properties, shared by all values (none when
 * nothing is summed), and ";", then per value the value and its buckets ({@link Series}), "V" between values, e.g.
 * "Nx;shoesDBBWq/120,HBCZG4/35VbagsHBCZG4:2". One field instead of one per value saves each value's field name and
 * the hash's entry headers, about 8 bytes a value.
 *
 * <p>Values are normalised ({@link Customer#normalise}), lower case, so they hold no capital letter: a value's
 * series starts at its first "D" or "H", and "V" occurs neither in a value nor in a series. apply-event.lua writes
 * the same form.
 */
final class GroupedSeries {

    static final char NEXT_VALUE = 'V';

    /** Where one value's buckets lie in the stored text. */
    @FunctionalInterface
    interface ValueVisitor {
        void visit(String value, int from, int to);
    }

    private GroupedSeries() {}

    /** The codes of the summed properties that the field's header names. */
    static List<String> sumCodes(String stored) {
        int header = stored.indexOf(';');
        return header < 0 ? List.of() : Series.sumCodes(stored, 0, header);
    }

    /** Visits each value with where its buckets lie, in stored order, without decoding them. */
    static void forEachValue(String stored, ValueVisitor visitor) {
        int end = stored.length();
        for (int at = stored.indexOf(';') + 1; at < end; ) {
            int stop = stored.indexOf(NEXT_VALUE, at);
            stop = stop < 0 ? end : stop;
            int buckets = at;
            while (buckets < stop && stored.charAt(buckets) != 'D' && stored.charAt(buckets) != 'H') {
                buckets++;
            }
            if (buckets > at && buckets < stop) {
                visitor.visit(stored.substring(at, buckets), buckets, stop);
            }
            at = stop + 1;
        }
    }

    /** Every value's series, in stored order. */
    static Map<String, Series> decode(String stored) {
        List<String> codes = sumCodes(stored);
        Map<String, Series> byValue = new LinkedHashMap<>();
        forEachValue(
                stored,
                (value, from, to) -> byValue.merge(value, Series.decode(codes, stored, from, to), Series::plus));
        return byValue;
    }

    /** The stored form of {@code byValue}, in its order; values without buckets are left out. */
    static String encode(Map<String, Series> byValue) {
        List<String> names = new ArrayList<>();
        byValue.values()
                .forEach(series -> series.sumNames().stream()
                        .filter(name -> !names.contains(name))
                        .forEach(names::add));
        Map<String, Series> aligned = new LinkedHashMap<>();
        int named = 0;
        for (Map.Entry<String, Series> value : byValue.entrySet()) {
            if (!value.getValue().isEmpty()) {
                Series series = value.getValue().withSums(names);
                aligned.put(value.getKey(), series);
                named = Math.max(named, series.namedSums());
            }
        }
        StringBuilder out = new StringBuilder(String.join(",", names.subList(0, named))).append(';');
        boolean first = true;
        for (Map.Entry<String, Series> value : aligned.entrySet()) {
            if (!first) {
                out.append(NEXT_VALUE);
            }
            first = false;
            out.append(value.getKey());
            value.getValue().encodeBuckets(out);
        }
        return out.toString();
    }
}
