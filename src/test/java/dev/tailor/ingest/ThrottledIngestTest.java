package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.EVENTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A hot customer cannot starve the others: past its budget its requests are refused whole with 429, Retry-After and
 * a problem naming its field, nothing of them stored, while other customers' calls are accepted; sent again after
 * Retry-After, the same request is accepted. The budget here is 1 event a second with bursts of 10, so that the
 * refusals do not depend on how fast a loaded machine answers.
 */
@QuarkusTest
@TestProfile(ThrottledIngestTest.SmallBudget.class)
class ThrottledIngestTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tailor.ingest.throttle.events-per-second", "1", "tailor.ingest.throttle.burst", "10");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static String track(String customer, String messageId) {
        return """
                {"type":"track","userId":"%s","messageId":"%s","event":"Product Viewed"}""".formatted(customer, messageId);
    }

    private static String batch(String customer, String prefix, int count) {
        return batch(IntStream.range(0, count)
                .mapToObj(i -> track(customer, prefix + i))
                .toList());
    }

    private static String batch(List<String> calls) {
        return "{\"batch\":[" + String.join(",", calls) + "]}";
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/batch");
    }

    @Test
    void aHotCustomerIsRefusedWith429AndNothingOfItsRequestIsStoredWhileOthersAreAccepted() {
        String run = UUID.randomUUID().toString();
        String hot = "hot-" + run;
        String calm = "calm-" + run;
        // Far more than the burst at once: admitted on a full budget, it leaves the customer half an hour in debt.
        post(batch(hot, run + "-flood-", 2000)).then().statusCode(200);

        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            String request = batch(Stream.concat(
                            Stream.of(track(calm, run + "-throttled-calm")),
                            IntStream.range(0, 5).mapToObj(i -> track(hot, run + "-throttled-hot-" + i)))
                    .toList());
            Response refused = post(request);
            refused.then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:tailor:problem:customer-over-budget"))
                    .body("status", equalTo(429))
                    .body("field", equalTo("batch[1].userId"))
                    .body("detail", containsString("nothing of this request was stored"));
            assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThan(600);

            given().contentType(ContentType.JSON)
                    .body(track(hot, run + "-throttled-single"))
                    .post("/v1/track")
                    .then()
                    .statusCode(429)
                    .body("field", equalTo("userId"));

            // Another customer is not held up, not even the one whose call shared the refused request.
            String calmAlone = run + "-calm-alone";
            given().contentType(ContentType.JSON)
                    .body(track(calm, calmAlone))
                    .post("/v1/track")
                    .then()
                    .statusCode(200);
            post(batch(run + "-other", run + "-other-", 10)).then().statusCode(200);
            events.awaitMatching(record -> record.value().contains(calmAlone), 1);
            assertThat(events.within(
                            Duration.ofSeconds(2), record -> record.value().contains(run + "-throttled-")))
                    .as("nothing of a refused request is stored")
                    .isEmpty();
        }
    }

    @Test
    void aRefusedRequestSentAgainAfterRetryAfterIsAccepted() {
        String run = UUID.randomUUID().toString();
        String customer = "retrying-" + run;
        post(batch(customer, run + "-first-", 35)).then().statusCode(200); // 25 events in debt
        String request = batch(customer, run + "-second-", 5);
        Response refused = post(request);
        refused.then().statusCode(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 30L);

        sleep(Duration.ofSeconds(retryAfter));
        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            post(request).then().statusCode(200).body("success", equalTo(true));
            assertThat(events.awaitMatching(record -> record.value().contains(run + "-second-"), 5))
                    .allSatisfy(record -> assertThat(record.key()).isEqualTo(customer));
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
