package dev.tailor.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * NDJSON: one Segment call a line, as the HTTP API's batch takes it; a line without a {@code type} gets the
 * import kind's (identify or track). Blank lines are skipped. Lines are read as bytes and decoded one at a time, so
 * that a line that is not UTF-8 is refused alone (field {@code line}) instead of ending the import.
 */
final class NdjsonRows implements RowSource {

    private final InputStream file;
    private final ObjectMapper json;
    private final ImportKind kind;
    private final long maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long lineNumber;

    NdjsonRows(InputStream file, ObjectMapper json, ImportKind kind, long maxLineBytes) {
        this.file = file;
        this.json = json;
        this.kind = kind;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public ImportRow next() throws IOException {
        byte[] bytes;
        String text;
        do {
            bytes = readLine();
            if (bytes == null) {
                return null;
            }
            lineNumber++;
            text = new String(bytes, StandardCharsets.UTF_8);
        } while (text.isBlank());
        if (bytes.length > maxLineBytes) {
            return ImportRow.refused(
                    lineNumber, text, "line", "is " + bytes.length + " bytes; one call may be at most " + maxLineBytes);
        }
        if (!isUtf8(bytes)) {
            // Its dead letter holds the line with U+FFFD where the bytes were not UTF-8.
            return ImportRow.refused(lineNumber, text, "line", "is not valid UTF-8");
        }
        JsonNode call;
        try {
            call = json.readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the line, which may hold personal data: name only where it broke.
            return ImportRow.refused(
                    lineNumber,
                    text,
                    "line",
                    "is not valid JSON (column " + e.getLocation().getColumnNr() + ")");
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

    /** The next line's bytes without its line break (LF or CRLF), or null at the end of the file. */
    private byte[] readLine() throws IOException {
        line.reset();
        int b = file.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            line.write(b);
            b = file.read();
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            return Arrays.copyOf(bytes, length - 1);
        }
        return bytes;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
