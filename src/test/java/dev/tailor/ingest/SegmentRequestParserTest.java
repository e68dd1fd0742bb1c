package dev.tailor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactSchema;
import dev.tailor.hygiene.TestHygieneConfig;
import dev.tailor.shared.error.Problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Segment Spec parsing without the server: types, required fields, clock-skew correction. */
class SegmentRequestParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T12:00:10Z");

    private final SegmentRequestParser parser = parser();

    static SegmentRequestParser parser() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        TestIngestConfig config = TestIngestConfig.defaults();
        return new SegmentRequestParser(
                json,
                new SegmentCallReader(
                        json, TestHygieneConfig.defaults().normalizer(), config, config.plausibility(FactSchema.NONE)),
                config);
    }

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
    void aBatchUsesItsOwnSentAt() {
        SegmentCalls calls = parser.parseBatch(body("""
                {"sentAt":"2026-11-28T12:00:10Z","batch":[
                  {"type":"identify","userId":"42","traits":{"loyalty_tier":"gold"},"timestamp":"2026-11-28T12:00:00Z"},
                  {"type":"alias","userId":"42","previousId":"anon-1"}]}"""), RECEIVED);

        assertThat(calls.refused()).isEmpty();
        assertThat(calls.accepted()).extracting(CustomerEvent::type).containsExactly("identify", "alias");
        assertThat(calls.accepted().get(0).timestamp()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void aBatchAcceptsItsGoodCallsAndRefusesEachBadOneByIndex() {
        SegmentCalls calls = parser.parseBatch(body("""
                {"batch":[{"type":"track","userId":"1","event":"Ok"},
                          {"type":"track","event":"No one"},
                          {"type":"shout","userId":"1"},
                          {"type":"track","userId":"1","event":"Late","timestamp":"yesterday"},
                          42,
                          {"type":"group","anonymousId":"a-1"}]}"""), RECEIVED);

        assertThat(calls.accepted()).extracting(CustomerEvent::event).containsExactly("Ok");
        assertThat(calls.refused()).extracting(RefusedCall::index).containsExactly(1, 2, 3, 4, 5);
        assertThat(calls.errors())
                .extracting(FieldError::field)
                .containsExactly(
                        "batch[1].userId", "batch[2].type", "batch[3].timestamp", "batch[4]", "batch[5].groupId");
        assertThat(calls.refused())
                .extracting(RefusedCall::customerId)
                .containsExactly("unknown", "1", "1", "unknown", "a-1");
        assertThat(calls.refused().get(0).json()).isEqualTo("{\"type\":\"track\",\"event\":\"No one\"}");
        assertThat(calls.refused().get(0).reason()).isEqualTo("batch[1].userId: userId or anonymousId is required");
    }

    @Test
    void aRefusedSingleCallIsKeptWithItsPathsType() {
        SegmentCalls calls = parser.parseCall("track", body("{\"anonymousId\":\"a-9\"}"), RECEIVED);

        assertThat(calls.accepted()).isEmpty();
        assertThat(calls.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.errors()).extracting(FieldError::field).containsExactly("event");
            assertThat(refused.json()).isEqualTo("{\"anonymousId\":\"a-9\",\"type\":\"track\"}");
            assertThat(refused.customerId()).isEqualTo("a-9");
        });
    }

    @Test
    void segmentLimitsApplyToEachCall() {
        String longId = "m".repeat(101);
        String large = "x".repeat(33 * 1024);
        SegmentCalls calls = parser.parseBatch(body("""
                {"batch":[{"type":"track","userId":"1","event":"Ok","messageId":"%s"},
                          {"type":"track","userId":"1","event":"Ok","messageId":"%s"},
                          {"type":"track","userId":"1","event":"Big","properties":{"blob":"%s"}},
                          {"type":"track","userId":"1","event":"Odd id","messageId":7}]}""".formatted("m".repeat(100), longId, large)), RECEIVED);

        assertThat(calls.accepted()).extracting(CustomerEvent::messageId).containsExactly("m".repeat(100));
        assertThat(calls.errors())
                .containsExactly(
                        new FieldError("batch[1].messageId", "is 101 characters; it may be at most 100"),
                        new FieldError("batch[2]", "is 34 KB; one call may be at most 32 KB"),
                        new FieldError("batch[3].messageId", "must be a string"));

        assertThat(parser.parseCall("track", body("""
                {"userId":"1","event":"Big","properties":{"blob":"%s"}}""".formatted(large)), RECEIVED)
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("body");
    }

    @Test
    void aRequestOverSegmentsLimitsIsRefusedWhole() {
        String calls = String.join(",", Collections.nCopies(2501, "{\"type\":\"page\",\"userId\":\"1\"}"));
        assertThatThrownBy(() -> parser.parseBatch(body("{\"batch\":[" + calls + "]}"), RECEIVED))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError("batch", "holds 2501 calls; a batch may hold at most 2500")));
        assertThatThrownBy(() -> parser.parseBatch(body("{\"batch\":[]}"), RECEIVED))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void timestampsWithAnOffsetBecomeUtcInstants() {
        CustomerEvent event = parser.parseSingle("track", body("""
                {"userId":"42","event":"Product Viewed","timestamp":"2026-11-28T13:00:00+01:00"}"""), RECEIVED);

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void traitsAreNormalised() {
        CustomerEvent event = parser.parseSingle("identify", body("""
                {"userId":"42","traits":{"email":" Ada@Example.COM ","phone":"030 901820","country":"Germany",
                 "first_name":"  Ada  ","last_name":"not@an@email"}}"""), RECEIVED);

        assertThat(event.traits())
                .containsEntry("email", "ada@example.com")
                .containsEntry("phone", "+4930901820")
                .containsEntry("country", "DE")
                .containsEntry("first_name", "Ada")
                .containsEntry("last_name", "not@an@email");
    }

    @Test
    void malformedBodiesAreRefused() {
        assertThatThrownBy(() -> parser.parseSingle("track", body("{\"userId\":"), RECEIVED))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("body"));
        assertThatThrownBy(() -> parser.parseBatch(body("{\"batch\":{}}"), RECEIVED))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("batch"));
        assertThatThrownBy(() -> parser.parseSingle("alias", body("{\"userId\":\"42\"}"), RECEIVED))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("previousId"));
    }
}
