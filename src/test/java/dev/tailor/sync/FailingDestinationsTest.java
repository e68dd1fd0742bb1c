package dev.tailor.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Destinations that fail (a closed port, an ESP answering 500) next to one that works: Tailor stays ready, the
 * webhook channel keeps acknowledging, the healthy destination keeps getting its changes while the failing ones are
 * still being retried, and the failures show per destination in the destinations health group, in a gauge labelled
 * with the destination's name, and as dead letters after the last attempt.
 */
@QuarkusTest
@TestProfile(FailingDestinationsTest.SlowRetries.class)
class FailingDestinationsTest {

    /**
     * Retries seconds apart, as in production (each failing batch takes at least 6 s to be dead-lettered), and a
     * webhook channel that reports itself unhealthy once a record waits 2 s for its acknowledgement.
     */
    public static class SlowRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tailor.sync.max-attempts",
                    "4",
                    "tailor.sync.first-backoff",
                    "4s",
                    "tailor.sync.max-backoff",
                    "8s",
                    "tailor.sync.timeout",
                    "2s",
                    "mp.messaging.incoming.segment-changes-in.throttled.unprocessed-record-max-age.ms",
                    "2000");
        }
    }

    private static final String SECRET = "a-secret-of-sixteen-chars";
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String closed = "esp-closed-" + run;
    private final String failing = "esp-500-" + run;
    private final String healthy = "esp-ok-" + run;

    @AfterEach
    void removeDestinations() {
        for (String name : List.of(closed, failing, healthy)) {
            given().delete("/admin/destinations/{name}", name);
        }
    }

    @Test
    void failingDestinationsCostTheirOwnDeliveriesNeverReadinessNorTheOtherDestinations() throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        try (EspReceiver esp500 = new EspReceiver();
                EspReceiver espOk = new EspReceiver()) {
            esp500.fallbackStatus = 500;
            destination(closed, "http://localhost:" + closedPort() + "/hooks");
            destination(failing, esp500.url());
            destination(healthy, espOk.url());

            String first = WebhookDeliveryTest.cartAbandoner();
            await().atMost(Duration.ofSeconds(30)).until(() -> receivedBy(espOk, first));
            String second = WebhookDeliveryTest.cartAbandoner();
            await().atMost(Duration.ofSeconds(30)).until(() -> receivedBy(espOk, second));
            // The healthy destination got the second change while the first is still being retried for the others:
            // their failures hold back nothing but their own deliveries.
            assertThat(deadLettered(closed)).doesNotContain(first);
            assertThat(deadLettered(failing)).doesNotContain(first);
            assertThat(esp500.received.stream().anyMatch(r -> r.body().contains(first)))
                    .isTrue();
            given().get("/q/health/ready").then().statusCode(200);

            JsonPath group = given().get("/q/health/group/destinations")
                    .then()
                    .statusCode(503)
                    .extract()
                    .jsonPath();
            assertThat(group.getString("checks[0].data.'" + closed + "'"))
                    .startsWith("failing")
                    .contains("unreachable");
            assertThat(group.getString("checks[0].data.'" + failing + "'"))
                    .startsWith("failing")
                    .contains("HTTP 500");
            assertThat(group.getString("checks[0].data.'" + healthy + "'")).startsWith("delivering");
            String metrics =
                    given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(gauge(metrics, "tailor_webhooks_failing", closed)).isGreaterThanOrEqualTo(1);
            assertThat(gauge(metrics, "tailor_webhooks_failing", failing)).isGreaterThanOrEqualTo(1);
            assertThat(gauge(metrics, "tailor_webhooks_failing", healthy)).isZero();
            assertThat(metrics).doesNotContain(esp500.url()).doesNotContain(espOk.url());

            // After the last attempt the changes are dead letters, replayable, with what went wrong.
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> deadLettered(closed).containsAll(List.of(first, second))
                            && deadLettered(failing).containsAll(List.of(first, second)));
            assertThat(given().get("/admin/destinations/{name}/dead-letters", closed)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("lastError", String.class))
                    .containsOnly(WebhookDelivery.UNREACHABLE);
            assertThat(given().get("/admin/destinations/{name}/dead-letters", failing)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("lastError", String.class))
                    .containsOnly("HTTP 500");
            assertThat(deadLettered(healthy)).isEmpty();

            String ready = given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(ready).contains("\"segment-changes-in\": \"[OK]\"").doesNotContain("webhook destinations");
        }
    }

    private static void destination(String name, String url) {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "url",
                        url,
                        "signingSecret",
                        SECRET,
                        "ruleSet",
                        "marketing",
                        "maxPerSecond",
                        50,
                        "batchSize",
                        100))
                .put("/admin/destinations/{name}", name)
                .then()
                .statusCode(201);
    }

    /** A port nothing listens on: taken from the system, then let go. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean receivedBy(EspReceiver esp, String customer) {
        return esp.received.stream().anyMatch(r -> r.body().contains("\"customerId\":\"" + customer + "\""));
    }

    private static List<String> deadLettered(String destination) {
        return given().get("/admin/destinations/{name}/dead-letters", destination)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("customerId", String.class);
    }

    private static double gauge(String metrics, String name, String destination) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains("destination=\"" + destination + "\""))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " for " + destination));
    }
}
