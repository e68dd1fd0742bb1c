package dev.tailor.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The stored fields of one customer's hash that could not be decoded: noted instead of thrown, so that no stored
 * value can make a read fail. Series are decoded when a rule first asks for them, so a field may be noted while the
 * rules run; the reader asks afterwards. One thread reads a customer at a time.
 */
final class UnreadableFields {

    private List<String> fields;

    void note(String field) {
        if (fields == null) {
            fields = new ArrayList<>(1);
        }
        if (!fields.contains(field)) {
            fields.add(field);
        }
    }

    List<String> list() {
        return fields == null ? List.of() : List.copyOf(fields);
    }

    /** The series {@code decode} reads, or an empty one (the field noted) when its stored form cannot be read. */
    Supplier<Series> guarded(String field, Supplier<Series> decode) {
        return () -> {
            try {
                return decode.get();
            } catch (RuntimeException unreadable) {
                note(field);
                return Series.decode("");
            }
        };
    }
}
