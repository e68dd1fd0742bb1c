package dev.tailor.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A customer's series per value of one grouping property, as read from Redis ({@link GroupedSeries}): split into
 * values the first time a rule asks for one, and each value's series decoded only when asked for (see
 * {@link StoredSeries}). Several stored fields may read as one (a renamed grouping property joins its old and new
 * values' series).
 */
final class StoredGroup {

    /** A stored field, how its sum codes are named today, and where a field that cannot be read is noted. */
    private record Part(String stored, UnaryOperator<String> rename, String field, UnreadableFields unreadable) {}

    private final List<Part> parts = new ArrayList<>(1);
    private Map<String, StoredSeries> values;

    /** Series already decoded, by normalised value. */
    static StoredGroup of(Map<String, Series> byValue) {
        StoredGroup group = new StoredGroup();
        group.values = new HashMap<>();
        byValue.forEach((value, series) -> group.values.put(value, StoredSeries.of(series)));
        return group;
    }

    StoredGroup add(String stored, UnaryOperator<String> rename, String field, UnreadableFields unreadable) {
        parts.add(new Part(stored, rename, field, unreadable));
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
                // A field whose values cannot be told apart adds none of them: it is noted, never half read.
                List<Map.Entry<String, Supplier<Series>>> found = new ArrayList<>();
                try {
                    List<String> codes = GroupedSeries.sumCodes(stored);
                    GroupedSeries.forEachValue(
                            stored,
                            (value, from, to) -> found.add(Map.entry(
                                    value,
                                    part.unreadable()
                                            .guarded(
                                                    part.field(),
                                                    () -> Series.decode(codes, stored, from, to)
                                                            .renamingSums(part.rename())))));
                } catch (RuntimeException unreadable) {
                    part.unreadable().note(part.field());
                    continue;
                }
                found.forEach(value -> split.computeIfAbsent(value.getKey(), v -> new StoredSeries())
                        .add(value.getValue()));
            }
            values = split;
        }
        return values;
    }
}
