package dev.tailor.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka away: ingest answers 503 with Retry-After, which Segment's clients retry, so nothing is accepted that was
 * not stored; decisions keep answering from Redis.
 */
@QuarkusTest
@TestProfile(KafkaDownTest.NoBroker.class)
class KafkaDownTest {

    /** A broker address nothing listens on, and a short wait for its acknowledgement. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers",
                    "127.0.0.1:1",
                    "tailor.ingest.publish-timeout",
                    "2s",
                    "tailor.topics.check-timeout",
                    "1s",
                    "mp.messaging.outgoing.events-out.max.block.ms",
                    "1000");
        }
    }

    @Test
    void ingestAnswers503WithRetryAfterAndDecisionsGoOn() {
        long start = System.nanoTime();
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", "kafka-down", "event", "Product Added"))
                .post("/v1/track")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:tailor:problem:event-log-unavailable"));
        // The answer is bounded by the publish timeout and the producer's metadata wait, not by a retry loop; the
        // bound is loose because shared build machines can be slow, and only tells "answers" from "hangs".
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(60_000);

        given().get("/v1/decisions/{id}", "kafka-down").then().statusCode(200).body("degraded", equalTo(false));
        given().get("/q/health/ready").then().statusCode(503);
    }
}
