package dev.tailor.ingest.sendgrid;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.ingest.RefusedCallPublisher;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * SendGrid's Event Webhook over HTTP, unsigned (no verification key): Segment e-mail events on Kafka, refused events
 * on the dead-letter topic.
 */
@QuarkusTest
class SendGridWebhookTest {

    private static final long TIMESTAMP = 1_767_225_600L;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private CustomerEvent read(ConsumerRecord<String, String> record) {
        try {
            return json.readValue(record.value(), CustomerEvent.class);
        } catch (IOException e) {
            throw new AssertionError("not a Tailor event: " + record.value(), e);
        }
    }

    @Test
    void sendGridEventsBecomeSegmentEmailEventsKeyedByCustomer() {
        String run = UUID.randomUUID().toString();
        String userId = "sg-user-" + run;
        String email = "sg-" + run + "@example.com";
        String body =
                """
                [{"event":"delivered","email":"%2$s","timestamp":%3$d,"sg_event_id":"%1$s-1","sg_message_id":"m-%1$s",
                  "userId":"%4$s","category":"newsletter"},
                 {"event":"open","email":"  %5$s ","timestamp":%6$d,"sg_event_id":"%1$s-2","sg_message_id":"m-%1$s"},
                 {"event":"click","email":"%2$s","timestamp":%7$d,"sg_event_id":"%1$s-3","userId":"%4$s",
                  "url":"https://shop.example/shoes"},
                 {"event":"account_status_change","type":"compliance_suspend","timestamp":%3$d,"sg_event_id":"%1$s-4"},
                 {"event":"bounce","type":"bounce","email":"%2$s","timestamp":%3$d,"sg_event_id":"%1$s-5",
                  "reason":"550 5.1.1 unknown user"},
                 {"event":"spamreport","email":"%2$s","timestamp":%3$d,"sg_event_id":"%1$s-6"},
                 {"event":"group_unsubscribe","email":"%2$s","timestamp":%3$d,"sg_event_id":"%1$s-7","asm_group_id":42}]
                """.formatted(run, email, TIMESTAMP, userId, email.toUpperCase(), TIMESTAMP + 60, TIMESTAMP + 120);

        try (TopicReader topic = new TopicReader(bootstrap, TopicReader.EVENTS)) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/webhooks/sendgrid")
                    .then()
                    .statusCode(200)
                    .body("accepted", equalTo(6))
                    .body("skipped", equalTo(1));

            List<ConsumerRecord<String, String>> records = topic.awaitMatching(TopicReader.keyedBy(userId, email), 6);
            assertThat(records).hasSize(6);
            records.forEach(record -> assertThat(read(record).customerId()).isEqualTo(record.key()));
            Map<String, CustomerEvent> byId = records.stream()
                    .map(this::read)
                    .collect(Collectors.toMap(CustomerEvent::messageId, Function.identity()));

            assertThat(byId.get(run + "-1")).satisfies(event -> {
                assertThat(event.customerId()).isEqualTo(userId);
                assertThat(event.event()).isEqualTo("Email Delivered");
                assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(TIMESTAMP));
                assertThat(event.properties())
                        .containsEntry("email", email)
                        .containsEntry("sg_message_id", "m-" + run)
                        .containsEntry("category", "newsletter");
            });
            assertThat(byId.get(run + "-2")).satisfies(event -> {
                assertThat(event.customerId()).isEqualTo(email);
                assertThat(event.event()).isEqualTo("Email Opened");
                assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(TIMESTAMP + 60));
            });
            assertThat(byId.get(run + "-3")).satisfies(event -> {
                assertThat(event.customerId()).isEqualTo(userId);
                assertThat(event.event()).isEqualTo("Email Link Clicked");
                assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(TIMESTAMP + 120));
                assertThat(event.properties()).containsEntry("url", "https://shop.example/shoes");
            });
            assertThat(byId.get(run + "-5").event()).isEqualTo("Email Bounced");
            assertThat(byId.get(run + "-5").properties()).containsEntry("reason", "550 5.1.1 unknown user");
            assertThat(byId.get(run + "-6").event()).isEqualTo("Email Marked as Spam");
            assertThat(byId.get(run + "-7").event()).isEqualTo("Unsubscribed");
            assertThat(byId.get(run + "-7").properties()).containsEntry("asm_group_id", 42);
            assertThat(byId).doesNotContainKey(run + "-4");
        }
    }

    @Test
    void aRefusedEventIsDeadLetteredAloneWithItsReasonAndTheOthersArePublished() {
        String run = UUID.randomUUID().toString();
        String email = "sg-refused-" + run + "@example.com";
        String userId = "sg-refused-user-" + run;
        try (TopicReader topic = new TopicReader(bootstrap, TopicReader.EVENTS);
                TopicReader deadLetters = new TopicReader(bootstrap, TopicReader.DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body("""
                            [{"event":"open","email":"%1$s","timestamp":%2$d,"sg_event_id":"%3$s-0"},
                             {"event":"click","timestamp":%2$d,"userId":"%4$s","url":"https://shop.example"},
                             {"event":"open","email":"%1$s","timestamp":-62135596800,"sg_event_id":"%3$s-2"}]""".formatted(email, TIMESTAMP, run, userId))
                    .post("/v1/webhooks/sendgrid")
                    .then()
                    .statusCode(200)
                    .body("accepted", equalTo(1))
                    .body("refused.index", contains(1, 2))
                    .body("refused.field", contains("[1].email", "[2].timestamp"))
                    .body("refused[0].detail", equalTo("is required"));

            List<ConsumerRecord<String, String>> dead =
                    deadLetters.awaitMatching(TopicReader.keyedBy(email, userId), 2);
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(userId, email);
            assertThat(dead)
                    .extracting(record -> TopicReader.header(record, RefusedCallPublisher.REASON_HEADER))
                    .containsExactlyInAnyOrder(
                            "[1].email: is required",
                            "[2].timestamp: is 0001-01-01T00:00:00Z, before 2000-01-01T00:00:00Z, the earliest time"
                                    + " Tailor takes");
            assertThat(dead)
                    .extracting(record -> TopicReader.header(record, RefusedCallPublisher.SOURCE_HEADER))
                    .containsOnly("sendgrid");
            assertThat(dead)
                    .filteredOn(record -> record.key().equals(userId))
                    .singleElement()
                    .satisfies(record -> assertThat(record.value()).contains("https://shop.example"));

            assertThat(topic.awaitMatching(TopicReader.keyedBy(email), 1))
                    .extracting(record -> read(record).messageId())
                    .containsExactly(run + "-0");
        }
    }

    @Test
    void aMissingTimestampIsNamedToo() {
        given().contentType(ContentType.JSON)
                .body("[{\"event\":\"open\",\"email\":\"a@example.com\"}]")
                .post("/v1/webhooks/sendgrid")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("refused[0].field", equalTo("[0].timestamp"));
    }

    @Test
    void onlyUnknownTypesIsAnEmptySuccess() {
        given().contentType(ContentType.JSON)
                .body("""
                        [{"event":"account_status_change","type":"compliance_suspend","timestamp":%d},
                         {"event":"something_new","email":"a@example.com","timestamp":%1$d}]""".formatted(TIMESTAMP))
                .post("/v1/webhooks/sendgrid")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("skipped", equalTo(2));
    }

    @Test
    void aBodyThatIsNotAJsonArrayIsA400NamingTheBody() {
        given().contentType(ContentType.JSON)
                .body("[{\"event\":\"open\",")
                .post("/v1/webhooks/sendgrid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("body"))
                .body("detail", startsWith("is not valid JSON"));

        given().contentType(ContentType.JSON)
                .body("{\"event\":\"open\"}")
                .post("/v1/webhooks/sendgrid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("body"))
                .body("detail", equalTo("must be a JSON array of SendGrid events"));
    }
}
