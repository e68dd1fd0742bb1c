package dev.tailor.ingest.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactSchema;
import dev.tailor.ingest.InvalidEventException;
import dev.tailor.ingest.RefusedCall;
import dev.tailor.ingest.TestIngestConfig;
import dev.tailor.shared.error.Problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SendGrid Event Webhook bodies without the server: the mapping, customer ids, properties, refusals. */
class SendGridEventParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-06-15T12:30:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final SendGridEventParser parser = new SendGridEventParser(
            json, TestSendGridConfig.defaults(), TestIngestConfig.defaults().plausibility(FactSchema.NONE));

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<FieldError> errorsOf(SendGridEventParser parser, String text) {
        return parser.parse(body(text), RECEIVED).refused().stream()
                .flatMap(call -> call.errors().stream())
                .toList();
    }

    @ParameterizedTest
    @CsvSource({
        "processed, , Email Sent",
        "delivered, , Email Delivered",
        "deferred, , Email Delivery Deferred",
        "dropped, , Email Dropped",
        "bounce, bounce, Email Bounced",
        "bounce, , Email Bounced",
        "bounce, blocked, Email Blocked",
        "open, , Email Opened",
        "click, , Email Link Clicked",
        "spamreport, , Email Marked as Spam",
        "unsubscribe, , Unsubscribed",
        "group_unsubscribe, , Unsubscribed",
        "group_resubscribe, , Resubscribed"
    })
    void eachSendGridEventBecomesItsSegmentEvent(String sendGridEvent, String type, String segmentEvent) {
        String typeField = type == null ? "" : ",\"type\":\"" + type + "\"";
        SendGridBatch batch = parser.parse(
                body("[{\"event\":\"" + sendGridEvent + "\",\"email\":\"a@example.com\"," + "\"timestamp\":1767225600"
                        + typeField + "}]"),
                RECEIVED);

        assertThat(batch.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("track");
            assertThat(event.event()).isEqualTo(segmentEvent);
            assertThat(event.properties()).containsEntry("sendgrid_event", sendGridEvent);
        });
    }

    @Test
    void theCustomArgKeysTheEventAndTheEventIdIsItsMessageId() {
        SendGridBatch batch = parser.parse(body("""
                [{"event":"click","email":"Ada@Example.com","timestamp":1767225600,"userId":" u-1001 ",
                  "sg_event_id":"ev-1","sg_message_id":"msg-1","url":"https://shop.example/shoes",
                  "category":["newsletter","shoes"],"asm_group_id":42,"marketing_campaign_id":7}]"""), RECEIVED);

        CustomerEvent event = batch.events().get(0);
        assertThat(event.customerId()).isEqualTo("u-1001");
        assertThat(event.userId()).isEqualTo("u-1001");
        assertThat(event.messageId()).isEqualTo("ev-1");
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(1767225600));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.properties())
                .containsEntry("email", "ada@example.com")
                .containsEntry("sg_message_id", "msg-1")
                .containsEntry("url", "https://shop.example/shoes")
                .containsEntry("category", List.of("newsletter", "shoes"))
                .containsEntry("asm_group_id", 42)
                .doesNotContainKey("marketing_campaign_id");
    }

    @Test
    void withoutTheCustomArgTheNormalisedEmailIsTheCustomerId() {
        SendGridBatch batch = parser.parse(body("""
                [{"event":"open","email":"  Ada.Lovelace@Example.COM ","timestamp":1767225600,"sg_event_id":"e"},
                 {"event":"open","email":"ada.lovelace@example.com","timestamp":1767225601,"userId":"  "}]"""), RECEIVED);

        assertThat(batch.events())
                .extracting(CustomerEvent::customerId)
                .containsExactly("ada.lovelace@example.com", "ada.lovelace@example.com");
    }

    @Test
    void theCustomArgNameIsConfigurable() {
        SendGridEventParser byCustomerNo = new SendGridEventParser(
                json,
                TestSendGridConfig.defaults().withCustomerIdArg("customer_no"),
                TestIngestConfig.defaults().plausibility(FactSchema.NONE));

        SendGridBatch batch = byCustomerNo.parse(body("""
                [{"event":"open","email":"a@example.com","timestamp":1767225600,"customer_no":1001,"userId":"x"}]"""), RECEIVED);

        assertThat(batch.events().get(0).customerId()).isEqualTo("1001");
    }

    @Test
    void theBounceTypeAndReasonAreKept() {
        SendGridBatch batch = parser.parse(body("""
                [{"event":"bounce","type":"blocked","email":"a@example.com","timestamp":1767225600,
                  "reason":"550 5.7.1 policy"}]"""), RECEIVED);

        assertThat(batch.events().get(0).properties())
                .containsEntry("bounce_type", "blocked")
                .containsEntry("reason", "550 5.7.1 policy");
    }

    @Test
    void anEventWithoutAnIdGetsTheSameIdEachTimeItIsSent() {
        String text = "[{\"event\":\"open\",\"email\":\"a@example.com\",\"timestamp\":1767225600}]";

        String first = parser.parse(body(text), RECEIVED).events().get(0).messageId();
        String again = parser.parse(body(text), RECEIVED.plusSeconds(60))
                .events()
                .get(0)
                .messageId();

        assertThat(first).startsWith("sendgrid-").isEqualTo(again);
    }

    @Test
    void unknownTypesAreSkippedAndCountedEvenWithoutAnEmail() {
        SendGridBatch batch = parser.parse(body("""
                [{"event":"account_status_change","type":"compliance_suspend","timestamp":1767225600},
                 {"event":"open","email":"a@example.com","timestamp":1767225600},
                 {"event":"machine_opened","email":"a@example.com","timestamp":1767225600}]"""), RECEIVED);

        assertThat(batch.events()).hasSize(1);
        assertThat(batch.skipped()).isEqualTo(2);
    }

    @Test
    void everyMissingRequiredFieldIsNamedByIndex() {
        assertThat(errorsOf(parser, """
                [{"event":"open","email":"a@example.com","timestamp":1767225600},
                 {"event":"open","timestamp":1767225600},
                 {"event":"click","email":"a@example.com"},
                 {"email":"a@example.com","timestamp":1767225600},
                 {"event":"open","email":"a@example.com","timestamp":"2026-01-01T00:00:00Z"},
                 "open"]"""))
                .extracting(FieldError::field)
                .containsExactly("[1].email", "[2].timestamp", "[3].event", "[4].timestamp", "[5]");
    }

    @Test
    void eachRefusedEventIsKeptAloneAsSentWithItsReasonAndTheOthersAreRead() {
        SendGridBatch batch = parser.parse(body("""
                [{"event":"open","email":"a@example.com","timestamp":1767225600},
                 {"event":"click","email":" B@Example.com ","timestamp":-62135596800,"url":"https://shop.example"},
                 {"event":"open","email":"c@example.com","userId":"c-1","timestamp":99999999999},
                 {"event":"bounce","timestamp":1767225600},
                 {"event":"delivered","email":"d@example.com","timestamp":1767225660}]"""), RECEIVED);

        assertThat(batch.events())
                .extracting(CustomerEvent::customerId)
                .containsExactly("a@example.com", "d@example.com");
        assertThat(batch.refused()).extracting(RefusedCall::index).containsExactly(1, 2, 3);
        assertThat(batch.refused())
                .extracting(RefusedCall::customerId)
                .containsExactly("b@example.com", "c-1", RefusedCall.UNKNOWN_CUSTOMER);
        assertThat(batch.refused().get(0).reason()).startsWith("[1].timestamp: is 0001-01-01T00:00:00Z, before 2000");
        assertThat(batch.refused().get(1).reason()).startsWith("[2].timestamp: is 5138-11-16T09:46:39Z, more than");
        assertThat(batch.refused().get(2).reason()).isEqualTo("[3].email: is required");
        assertThat(batch.refused().get(0).json())
                .contains("\"url\":\"https://shop.example\"")
                .contains(" B@Example.com ");
    }

    @Test
    void aBodyThatIsNotAJsonArrayIsRefusedAsTheBody() {
        assertThatThrownBy(() -> parser.parse(body("[{\"event\":"), RECEIVED))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("body: is not valid JSON");
        assertThatThrownBy(() -> parser.parse(body("{\"event\":\"open\"}"), RECEIVED))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("body: must be a JSON array of SendGrid events");
        assertThatThrownBy(() -> parser.parse(new byte[0], RECEIVED))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("body: is empty");
    }
}
