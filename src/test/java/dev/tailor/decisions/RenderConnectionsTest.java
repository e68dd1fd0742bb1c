package dev.tailor.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.FactsStore;
import dev.tailor.rules.FaultyRuleSets;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Renders keep Redis connections of their own while the event path holds others: each of the four consumer
 * channels, the re-decision worker and the sweeper keeps a connection for the length of a pipelined batch, and a
 * render queued behind them would miss its facts budget and answer the degraded default.
 */
@QuarkusTest
class RenderConnectionsTest {

    /** Connections held at once by the event path at its busiest: four channels, the worker, the sweeper, more. */
    private static final int HELD = 8;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    FactsStore facts;

    @Test
    void aRenderIsDecidedFromItsFactsWhileTheEventPathHoldsConnections() {
        String customer = FaultyRuleSets.customerWith(facts, Map.of("plan", "gold"));
        // The first render of a run compiles its path: not what this test measures.
        given().get("/v1/decisions/{id}", customer).then().statusCode(200);

        // A running service has its connections open already: so has this one.
        Uni.join()
                .all(IntStream.range(0, HELD + 4)
                        .mapToObj(i -> redis.execute("PING"))
                        .toList())
                .andFailFast()
                .await()
                .atMost(Duration.ofSeconds(10));
        // Each blocking pop holds its connection for two seconds, as a batch in flight does.
        String nothing = "tailor:test:render-connections:" + UUID.randomUUID();
        List<Uni<?>> held = IntStream.range(0, HELD)
                .mapToObj(i -> redis.execute("BLPOP", nothing, "2").memoize().indefinitely())
                .<Uni<?>>map(uni -> {
                    uni.subscribe().with(ignored -> {}, ignored -> {});
                    return uni;
                })
                .toList();
        try {
            long started = System.nanoTime();
            JsonPath decision = given().get("/v1/decisions/{id}", customer)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(decision.getBoolean("degraded")).isFalse();
            assertThat(took).isLessThan(Duration.ofSeconds(1));
        } finally {
            held.forEach(uni -> uni.await().atMost(Duration.ofSeconds(10)));
        }
    }
}
