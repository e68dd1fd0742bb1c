package dev.tailor.pipeline;

import static dev.tailor.testing.SegmentCalls.postBatch;
import static dev.tailor.testing.SegmentCalls.track;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.tailor.facts.FieldNames;
import dev.tailor.rules.RuleSetArchive;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Activating a rule set that declares an event nobody tracked back-fills its facts from the event log, so rules
 * about it see the past; the facts already kept are left as they are.
 */
@QuarkusTest
@TestProfile(FactsWarmupTest.WithBackfill.class)
class FactsWarmupTest {

    public static class WithBackfill implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tailor.rules.backfill-new-facts", "true");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aNewlyDeclaredEventIsBackFilledFromTheLog() {
        String customer = "warmup-" + UUID.randomUUID();
        String event = "Wishlist Added " + UUID.randomUUID().toString().substring(0, 6);
        postBatch(
                track(
                        customer,
                        event,
                        "timestamp",
                        Instant.now().minus(Duration.ofDays(3)).toString()),
                track(customer, event),
                track(customer, "Product Added"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "3".equals(redis.hash(String.class).hget("tailor:c:{" + customer + "}", "v")));
        String productAdded =
                redis.hash(String.class).hget("tailor:c:{" + customer + "}", FieldNames.series("Product Added"));

        String name = "wish_" + UUID.randomUUID().toString().substring(0, 8);
        byte[] zip = RuleSetArchive.zip(Map.of(
                "facts.yaml", ("events:\n  \"" + event + "\": {window: 30d}\n").getBytes(StandardCharsets.UTF_8),
                "rules.drl", """
                        package tailor.wish;
                        import dev.tailor.facts.Customer;
                        import dev.tailor.rules.Segment;
                        import function dev.tailor.facts.Window.days;
                        rule "Wisher" when Customer( count("%s", days(30)) >= 2 )
                        then insert(Segment.marketing("wisher")); end
                        """.formatted(event).getBytes(StandardCharsets.UTF_8)));
        long revision = given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", revision))
                .post("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(201);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().queryParam("ruleSet", name)
                        .get("/v1/decisions/{id}", customer)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("segments.name")
                        .contains("wisher"));
        org.assertj.core.api.Assertions.assertThat(redis.hash(String.class)
                        .hget("tailor:c:{" + customer + "}", FieldNames.series("Product Added")))
                .isEqualTo(productAdded);
    }
}
