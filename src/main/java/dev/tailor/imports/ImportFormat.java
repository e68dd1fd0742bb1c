package dev.tailor.imports;

import java.util.Locale;
import java.util.Optional;

/** How a file is written, told by its Content-Type. */
public enum ImportFormat {

    /** {@code text/csv}: a header row, then one record a row. */
    CSV,
    /** {@code application/x-ndjson} (or {@code application/jsonl}): one Segment call as JSON a line. */
    NDJSON;

    static Optional<ImportFormat> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> Optional.of(CSV);
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" ->
                Optional.of(NDJSON);
            default -> Optional.empty();
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
