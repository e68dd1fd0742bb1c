package dev.tailor.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NDJSON: one Segment call a line, as the HTTP API's batch takes it; a line without a {@code type} gets the
 * import kind's (identify or track). Blank lines are skipped.
 */
final class NdjsonRows implements RowSource {

    private final BufferedReader lines;
    private final ObjectMapper json;
    private final ImportKind kind;
    private final long maxLineBytes;
    private long lineNumber;

    NdjsonRows(BufferedReader lines, ObjectMapper json, ImportKind kind, long maxLineBytes) {
        this.lines = lines;
        this.json = json;
        this.kind = kind;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public ImportRow next() throws IOException {
        String text;
        do {
            text = lines.readLine();
            lineNumber++;
        } while (text != null && text.isBlank());
        if (text == null) {
            return null;
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxLineBytes) {
            return ImportRow.refused(lineNumber, text, "line", "is " + bytes + " bytes; one call may be at most "
                    + maxLineBytes);
        }
        JsonNode call;
        try {
            call = json.readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the line, which may hold personal data: name only where it broke.
            return ImportRow.refused(lineNumber, text, "line", "is not valid JSON (column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (call == null || !call.isObject()) {
            return ImportRow.refused(lineNumber, text, "line", "must be a JSON object");
        }
        ObjectNode object = (ObjectNode) call;
        if (!object.hasNonNull("type")) {
            object.put("type", kind.callType());
        }
        return new ImportRow(lineNumber, object, text, List.of());
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
