package dev.tailor.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A customer's series per value of one grouping property, as read from Redis ({@link GroupedSeries}): split into
 * values the first time a rule asks for one, and each value's series decoded only when asked for (see
 * {@link StoredSeries}). Several stored fields may read as one (a renamed grouping property joins its old and new
 * values' series).
 */
final class StoredGroup {

    /** A stored field and how its sum codes are named today. */
    private record Part(String stored, UnaryOperator<String> rename) {}

    private final List<Part> parts = new ArrayList<>(1);
    private Map<String, StoredSeries> values;

    /** Series already decoded, by normalised value. */
    static StoredGroup of(Map<String, Series> byValue) {
        StoredGroup group = new StoredGroup();
        group.values = new HashMap<>();
        byValue.forEach((value, series) -> group.values.put(value, StoredSeries.of(series)));
        return group;
    }

    StoredGroup add(String stored, UnaryOperator<String> rename) {
        parts.add(new Part(stored, rename));
        return this;
    }

    /** The series of a normalised value, or null when the customer has none. */
    StoredSeries get(String value) {
        return values().get(value);
    }

    /** Every value's series; customers are read by one thread at a time. */
    Map<String, StoredSeries> values() {
        if (values == null) {
            Map<String, StoredSeries> split = new HashMap<>();
            for (Part part : parts) {
                String stored = part.stored();
                List<String> codes = GroupedSeries.sumCodes(stored);
                GroupedSeries.forEachValue(stored, (value, from, to) -> split
                        .computeIfAbsent(value, v -> new StoredSeries())
                        .add(() -> Series.decode(codes, stored, from, to).renamingSums(part.rename())));
            }
            values = split;
        }
        return values;
    }
}
