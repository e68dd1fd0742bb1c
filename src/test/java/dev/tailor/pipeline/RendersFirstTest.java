package dev.tailor.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.facts.FactsStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Applying gives way to renders, on the real Kafka and Redis: while renders are slow the consumer applies at the
 * pace's floor, every event still arrives, and once renders stop the pace is lifted. Any render counts as slow here
 * (a bound of a microsecond, one render a window enough to tell), so that the test does not depend on how loaded the
 * machine is.
 */
@QuarkusTest
@TestProfile(RendersFirstTest.EveryRenderSlow.class)
class RendersFirstTest {

    private static final int FLOOR = 200;

    public static class EveryRenderSlow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tailor.ingest.apply.yield-to-renders.render-p99-bound", "PT0.000001S",
                    "tailor.ingest.apply.yield-to-renders.window", "500ms",
                    "tailor.ingest.apply.yield-to-renders.min-renders", "1",
                    "tailor.ingest.apply.yield-to-renders.min-events-per-second", Integer.toString(FLOOR));
        }
    }

    @Inject
    FactsStore facts;

    @Inject
    MeterRegistry metrics;

    private double pace() {
        return metrics.find("tailor.events.apply.pace").gauge().value();
    }

    private long viewed(String customer) {
        return facts.read(customer, Instant.now())
                .await()
                .atMost(Duration.ofSeconds(5))
                .countEver("Product Viewed");
    }

    private static void post(String customer, String run, int events) {
        given().contentType(ContentType.JSON)
                .body(IntStream.range(0, events)
                        .mapToObj(i ->
                                "{\"type\":\"track\",\"userId\":\"%s\",\"messageId\":\"%s-%d\",\"event\":\"Product Viewed\"}"
                                        .formatted(customer, run, i))
                        .collect(Collectors.joining(",", "{\"batch\":[", "]}")))
                .post("/v1/batch")
                .then()
                .statusCode(200);
    }

    @Test
    void whileRendersAreSlowEventsApplyAtTheFloorAndAllArriveThenThePaceIsLifted() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "render-first-" + run;
        int events = 1000;
        AtomicBoolean rendering = new AtomicBoolean(true);
        AtomicInteger rendered = new AtomicInteger();
        Thread renderer = new Thread(() -> {
            while (rendering.get()) {
                given().get("/v1/decisions/render-first-other-" + run).then().statusCode(200);
                rendered.incrementAndGet();
            }
        });
        renderer.start();
        try {
            // A few events applied while renders are slow set the pace, at the floor; it holds while nothing is
            // applied (renders slow then are not applying's doing).
            post(customer + "-first", run + "-first", 10);
            await().atMost(Duration.ofSeconds(20)).until(() -> !Double.isNaN(pace()));
            assertThat(pace()).isEqualTo(FLOOR);

            long started = System.nanoTime();
            post(customer, run, events);
            await().atMost(Duration.ofSeconds(60)).until(() -> viewed(customer) == events);
            Duration applying = Duration.ofNanos(System.nanoTime() - started);
            // Chunks hold 5 events, so the last is admitted once the 995 before it are paid for at 200 a second,
            // less the 100 a window's budget may hold: over four seconds; two leave room for rounding.
            assertThat(applying).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(pace()).as("still paced while renders go on").isBetween((double) FLOOR, 2.0 * FLOOR);
        } finally {
            rendering.set(false);
            renderer.join();
        }
        assertThat(rendered.get()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> Double.isNaN(pace()));
    }
}
