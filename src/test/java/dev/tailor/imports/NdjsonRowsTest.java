package dev.tailor.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.shared.error.Problem.FieldError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NDJSON files read a line at a time, without the server: a bad line is refused alone and the next ones read. */
class NdjsonRowsTest {

    private static List<ImportRow> rows(byte[] file) throws IOException {
        List<ImportRow> rows = new ArrayList<>();
        try (NdjsonRows source =
                new NdjsonRows(new ByteArrayInputStream(file), new ObjectMapper(), ImportKind.EVENTS, 200)) {
            for (ImportRow row = source.next(); row != null; row = source.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void aLineThatIsNotUtf8IsRefusedAloneAndTheLinesAfterItAreRead() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("{\"userId\":\"a\",\"event\":\"Ok\"}\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("{\"userId\":\"b\",\"event\":\"".getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
        file.writeBytes("\"}\n\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("{\"userId\":\"c\",\"event\":\"Größe 😀\"}\r\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes(("{\"userId\":\"d\",\"note\":\"" + "x".repeat(300) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes("[1]".getBytes(StandardCharsets.UTF_8));

        List<ImportRow> rows = rows(file.toByteArray());

        assertThat(rows).extracting(ImportRow::line).containsExactly(1L, 2L, 4L, 5L, 6L);
        assertThat(rows.get(0).errors()).isEmpty();
        assertThat(rows.get(1).errors()).containsExactly(new FieldError("line", "is not valid UTF-8"));
        assertThat(rows.get(1).content()).startsWith("{\"userId\":\"b\"").contains("\uFFFD");
        assertThat(rows.get(2).errors()).isEmpty();
        assertThat(rows.get(2).call().get("event").asText()).isEqualTo("Größe 😀");
        assertThat(rows.get(2).content()).doesNotEndWith("\r");
        assertThat(rows.get(3).errors())
                .extracting(FieldError::detail)
                .containsExactly("is 324 bytes; one call may be at most 200");
        assertThat(rows.get(4).errors()).containsExactly(new FieldError("line", "must be a JSON object"));
    }

    @Test
    void anEmptyFileHasNoLines() throws IOException {
        assertThat(rows(new byte[0])).isEmpty();
        assertThat(rows("\n\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
