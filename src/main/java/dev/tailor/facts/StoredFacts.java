package dev.tailor.facts;

import java.util.Map;

/**
 * A customer's facts hash as stored and the id it is kept under: the customer's own, or the one its id was merged
 * into.
 */
record StoredFacts(String customerId, Map<String, String> fields) {

    /** The field holding how many events were applied. */
    static final String VERSION = "v";

    /**
     * Whether the hash holds facts: it has a version once any event was applied or profiles merged. Decisions kept
     * in the hash of a customer without facts (one merged away or erased meanwhile) do not count, so reads still
     * follow its link.
     */
    boolean hasFacts() {
        return fields.containsKey(VERSION);
    }

    /** The version, or 0 (the field noted among {@code unreadable}) when it cannot be read. */
    long version(UnreadableFields unreadable) {
        try {
            return Long.parseLong(fields.getOrDefault(VERSION, "0"));
        } catch (NumberFormatException e) {
            unreadable.note(VERSION);
            return 0;
        }
    }
}
