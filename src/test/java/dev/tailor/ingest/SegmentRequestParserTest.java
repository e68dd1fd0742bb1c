package dev.tailor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tailor.shared.error.Problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segment Spec parsing without the server: types, required fields, clock-skew correction. */
class SegmentRequestParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T12:00:10Z");

    private final SegmentRequestParser parser = new SegmentRequestParser(new ObjectMapper().registerModule(new JavaTimeModule()));

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTrackCallBecomesAnEventKeyedByUserId() {
        CustomerEvent event = parser.parseSingle("track", body("""
                {"userId":"42","anonymousId":"anon-1","event":"Product Added","messageId":"m-1",
                 "properties":{"sku":"A-1","price":9.5},"timestamp":"2026-11-28T11:00:00Z"}"""), RECEIVED);

        assertThat(event.customerId()).isEqualTo("42");
        assertThat(event.event()).isEqualTo("Product Added");
        assertThat(event.messageId()).isEqualTo("m-1");
        assertThat(event.properties()).containsEntry("sku", "A-1");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
    }

    @Test
    void anAnonymousVisitorIsKeyedByAnonymousIdAndGetsAMessageId() {
        CustomerEvent event = parser.parseSingle("page", body("{\"anonymousId\":\"anon-7\"}"), RECEIVED);

        assertThat(event.customerId()).isEqualTo("anon-7");
        assertThat(event.event()).isEqualTo(CustomerEvent.PAGE_VIEWED);
        assertThat(event.messageId()).isNotBlank();
        assertThat(event.timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void clockSkewIsCorrectedWithSentAt() {
        // The client's clock runs an hour fast: it stamped the event 10 s before it sent it.
        CustomerEvent event = parser.parseSingle("track", body("""
                {"userId":"42","event":"Product Viewed",
                 "timestamp":"2026-11-28T13:00:00Z","sentAt":"2026-11-28T13:00:10Z"}"""), RECEIVED);

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void aBatchUsesItsOwnSentAtAndNamesEveryBadCallByIndex() {
        List<CustomerEvent> events = parser.parseBatch(body("""
                {"sentAt":"2026-11-28T12:00:10Z","batch":[
                  {"type":"identify","userId":"42","traits":{"loyalty_tier":"gold"},"timestamp":"2026-11-28T12:00:00Z"},
                  {"type":"alias","userId":"42","previousId":"anon-1"}]}"""), RECEIVED);
        assertThat(events).extracting(CustomerEvent::type).containsExactly("identify", "alias");
        assertThat(events.get(0).timestamp()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));

        assertThatThrownBy(() -> parser.parseBatch(body("""
                {"batch":[{"type":"track","userId":"1","event":"Ok"},
                          {"type":"track","event":"No one"},
                          {"type":"shout","userId":"1"},
                          {"type":"track","userId":"1","event":"Late","timestamp":"yesterday"}]}"""), RECEIVED))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("batch[1].userId", "batch[2].type", "batch[3].timestamp"));
    }

    @Test
    void malformedBodiesAreRefused() {
        assertThatThrownBy(() -> parser.parseSingle("track", body("{\"userId\":"), RECEIVED))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("body"));
        assertThatThrownBy(() -> parser.parseBatch(body("{\"batch\":{}}"), RECEIVED))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("batch"));
        assertThatThrownBy(() -> parser.parseSingle("alias", body("{\"userId\":\"42\"}"), RECEIVED))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("previousId"));
    }
}
