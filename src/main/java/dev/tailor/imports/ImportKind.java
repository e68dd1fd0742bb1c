package dev.tailor.imports;

import java.util.Locale;

/** What a file holds, which decides the call each row becomes. */
public enum ImportKind {

    /** Customer records: each row an identify call whose other columns are traits. */
    CUSTOMERS("identify"),
    /** Historical events: each row a track call whose other columns are properties. */
    EVENTS("track");

    private final String callType;

    ImportKind(String callType) {
        this.callType = callType;
    }

    /** The Segment call type a row becomes (NDJSON lines may name their own). */
    public String callType() {
        return callType;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
