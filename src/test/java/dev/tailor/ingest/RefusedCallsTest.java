package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.DEAD_LETTERS;
import static dev.tailor.testing.TopicReader.EVENTS;
import static dev.tailor.testing.TopicReader.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Partial acceptance: a batch's good calls reach {@code tailor.events.v1}, its refused ones
 * {@code tailor.events.dlq.v1} as sent, with the reason in headers; nothing a sender posted is dropped silently.
 */
@QuarkusTest
class RefusedCallsTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + value, e);
        }
    }

    @Test
    void aBatchIsAcceptedInPartAndItsRefusedCallsAreDeadLettered() {
        String run = UUID.randomUUID().toString();
        String good = "good-" + run;
        String bad = "bad-" + run;
        String body = """
                {"sentAt":"2026-11-28T12:00:00Z","batch":[
                  {"type":"track","userId":"%1$s","event":"Product Viewed"},
                  {"type":"track","userId":"%2$s","properties":{"sku":"A-1"}},
                  {"type":"identify","userId":"%1$s","traits":{"loyalty_tier":"gold"}},
                  {"type":"page","name":"%3$s"},
                  {"type":"track","anonymousId":"%2$s","event":"Product Viewed","messageId":"%4$s"}]}""".formatted(good, bad, run, "m".repeat(101));

        try (TopicReader events = new TopicReader(bootstrap, EVENTS);
                TopicReader deadLetters = new TopicReader(bootstrap, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/batch")
                    .then()
                    .statusCode(200)
                    .body("success", equalTo(true))
                    .body("refused.index", contains(1, 3, 4))
                    .body("refused.field", contains("batch[1].event", "batch[3].userId", "batch[4].messageId"))
                    .body("refused[0].detail", equalTo("is required for a track call"));

            assertThat(events.awaitMatching(record -> good.equals(record.key()), 2))
                    .extracting(record -> read(record.value()).path("type").asText())
                    .containsExactly("track", "identify");

            List<ConsumerRecord<String, String>> dead = deadLetters.awaitMatching(
                    record -> bad.equals(record.key()) || record.value().contains(run), 3);
            assertThat(dead).hasSize(3).allSatisfy(record -> {
                assertThat(header(record, RefusedCallPublisher.SOURCE_HEADER)).isEqualTo("ingest");
                assertThat(read(record.value()).path("type").isTextual()).isTrue();
            });
            var byReason = dead.stream()
                    .collect(Collectors.toMap(
                            record -> header(record, RefusedCallPublisher.REASON_HEADER), Function.identity()));
            assertThat(byReason)
                    .containsOnlyKeys(
                            "batch[1].event: is required for a track call",
                            "batch[3].userId: userId or anonymousId is required",
                            "batch[4].messageId: is 101 characters; it may be at most 100");
            assertThat(byReason.get("batch[1].event: is required for a track call"))
                    .satisfies(record -> {
                        assertThat(record.key()).isEqualTo(bad);
                        assertThat(read(record.value()))
                                .isEqualTo(read("{\"type\":\"track\",\"userId\":\"" + bad
                                        + "\",\"properties\":{\"sku\":\"A-1\"}}"));
                    });
            assertThat(byReason.get("batch[3].userId: userId or anonymousId is required")
                            .key())
                    .isEqualTo(RefusedCall.UNKNOWN_CUSTOMER);
            assertThat(byReason.get("batch[4].messageId: is 101 characters; it may be at most 100")
                            .key())
                    .isEqualTo(bad);

            assertThat(events.within(Duration.ofSeconds(1), record -> bad.equals(record.key())))
                    .isEmpty();
        }
    }

    @Test
    void aBatchWithNoGoodCallIsA400AndItsCallsAreStillDeadLettered() {
        String bad = "all-bad-" + UUID.randomUUID();
        try (TopicReader deadLetters = new TopicReader(bootstrap, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body("""
                            {"batch":[{"type":"track","userId":"%1$s"},
                                      {"type":"alias","userId":"%1$s"}]}""".formatted(bad))
                    .post("/v1/batch")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("batch[0].event"))
                    .body("errors.field", contains("batch[0].event", "batch[1].previousId"));

            assertThat(deadLetters.awaitMatching(record -> bad.equals(record.key()), 2))
                    .extracting(record -> header(record, RefusedCallPublisher.REASON_HEADER))
                    .containsExactlyInAnyOrder(
                            "batch[0].event: is required for a track call",
                            "batch[1].previousId: is required for an alias call");
        }
    }

    @Test
    void aRefusedSingleCallIsA400AndIsDeadLetteredWithItsPathsType() {
        String bad = "single-bad-" + UUID.randomUUID();
        try (TopicReader deadLetters = new TopicReader(bootstrap, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body("{\"userId\":\"" + bad + "\",\"properties\":{\"sku\":\"A-1\"}}")
                    .post("/v1/track")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("event"));

            ConsumerRecord<String, String> dead = deadLetters
                    .awaitMatching(record -> bad.equals(record.key()), 1)
                    .get(0);
            assertThat(header(dead, RefusedCallPublisher.REASON_HEADER))
                    .isEqualTo("event: is required for a track call");
            assertThat(read(dead.value()).path("type").asText()).isEqualTo("track");
            assertThat(read(dead.value()).path("properties").path("sku").asText())
                    .isEqualTo("A-1");
        }
    }
}
