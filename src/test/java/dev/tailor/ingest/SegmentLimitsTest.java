package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.DEAD_LETTERS;
import static dev.tailor.testing.TopicReader.EVENTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Segment's limits at the HTTP entry: 32 KB a call, 500 KB a request, 2,500 calls a batch. */
@QuarkusTest
class SegmentLimitsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static String track(String userId, String blob) {
        return "{\"type\":\"track\",\"userId\":\"" + userId + "\",\"event\":\"Viewed\",\"properties\":{\"blob\":\""
                + blob + "\"}}";
    }

    @Test
    void aCallOver32KbIsRefusedAloneAndTheRestOfItsBatchAccepted() {
        String customer = "limits-" + UUID.randomUUID();
        String body = "{\"batch\":[" + track(customer, "small") + "," + track(customer, "x".repeat(33 * 1024)) + "]}";
        try (TopicReader events = new TopicReader(bootstrap, EVENTS);
                TopicReader deadLetters = new TopicReader(bootstrap, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/batch")
                    .then()
                    .statusCode(200)
                    .body("refused.field", contains("batch[1]"))
                    .body("refused[0].detail", equalTo("is 34 KB; one call may be at most 32 KB"));

            assertThat(events.awaitMatching(record -> customer.equals(record.key()), 1)
                            .get(0)
                            .value())
                    .contains("small");
            assertThat(deadLetters
                            .awaitMatching(record -> customer.equals(record.key()), 1)
                            .get(0)
                            .value())
                    .hasSizeGreaterThan(33 * 1024);
        }
    }

    @Test
    void aSingleCallOver32KbIsA400() {
        given().contentType(ContentType.JSON)
                .body("{\"userId\":\"limits-single\",\"event\":\"Big\",\"properties\":{\"blob\":\""
                        + "x".repeat(33 * 1024) + "\"}}")
                .post("/v1/track")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("body"))
                .body("detail", equalTo("is 34 KB; one call may be at most 32 KB"));
    }

    @Test
    void aRequestOver500KbIsRefusedWhole() {
        String call = track("limits-big", "x".repeat(20 * 1024));
        String body = "{\"batch\":[" + String.join(",", Collections.nCopies(26, call)) + "]}";
        assertThat(body.length()).isGreaterThan(500 * 1024);

        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("body"))
                .body(
                        "detail",
                        equalTo("is " + (body.length() + 1023) / 1024 + " KB; a request may be at most 500 KB"));
    }

    @Test
    void aBatchOf2501CallsIsRefusedWhole() {
        String body = "{\"batch\":["
                + String.join(",", Collections.nCopies(2501, "{\"type\":\"page\",\"userId\":\"limits-many\"}")) + "]}";

        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("batch"))
                .body("detail", equalTo("holds 2501 calls; a batch may hold at most 2500"));
    }
}
