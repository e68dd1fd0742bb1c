package dev.tailor.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import dev.tailor.rules.RuleSetArchive;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What an ESP can rely on at render time: never a 5xx, ETags, cache headers, one decision per message, batches. */
@QuarkusTest
class RenderContractTest {

    @Inject
    FactsStore facts;

    @Inject
    RedisDataSource redis;

    private String customerWith(String event, Map<String, Object> traits) {
        String id = "render-" + UUID.randomUUID();
        Instant now = Instant.now();
        if (!traits.isEmpty()) {
            facts.apply(new CustomerEvent(
                            "identify",
                            UUID.randomUUID().toString(),
                            id,
                            id,
                            null,
                            null,
                            null,
                            Map.of(),
                            traits,
                            now,
                            now))
                    .await()
                    .atMost(Duration.ofSeconds(5));
        }
        if (event != null) {
            facts.apply(new CustomerEvent(
                            "track",
                            UUID.randomUUID().toString(),
                            id,
                            id,
                            null,
                            null,
                            event,
                            Map.of(),
                            Map.of(),
                            now,
                            now))
                    .await()
                    .atMost(Duration.ofSeconds(5));
        }
        return id;
    }

    @Test
    void answersCarryAnETagAndCacheControlAndAMatchIsNotModified() {
        String customer = customerWith("Product Added", Map.of());
        Response first = given().get("/v1/decisions/{id}", customer);
        first.then().statusCode(200).header("Cache-Control", "private, no-cache");
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");

        given().header("If-None-Match", etag)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(304)
                .header("ETag", etag);
        facts.apply(new CustomerEvent(
                        "track",
                        UUID.randomUUID().toString(),
                        customer,
                        customer,
                        null,
                        null,
                        "Order Completed",
                        Map.of("revenue", 10),
                        Map.of(),
                        Instant.now(),
                        Instant.now()))
                .await()
                .atMost(Duration.ofSeconds(5));
        given().header("If-None-Match", etag)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200);
    }

    @Test
    void everyRenderOfOneMessageGetsTheSameDecision() {
        String customer = customerWith(null, Map.of("loyalty_tier", "silver"));
        String message = "msg-" + UUID.randomUUID();
        JsonPath first = given().queryParam("messageId", message)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(first.getList("segments")).isEmpty();

        facts.apply(new CustomerEvent(
                        "track",
                        UUID.randomUUID().toString(),
                        customer,
                        customer,
                        null,
                        null,
                        "Product Added",
                        Map.of(),
                        Map.of(),
                        Instant.now(),
                        Instant.now()))
                .await()
                .atMost(Duration.ofSeconds(5));

        given().queryParam("messageId", message)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .body("segments.size()", equalTo(0));
        given().queryParam("messageId", "another-" + message)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .body("segments[0].name", equalTo("cart_abandoner"));
    }

    @Test
    void aSlowRedisGivesTheDegradedDefaultWithinTheBudget() {
        String customer = customerWith("Product Added", Map.of("loyalty_tier", "gold"));
        redis.execute("CLIENT", "PAUSE", "1500", "ALL");
        long start = System.nanoTime();
        JsonPath decision = given().get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(decision.getBoolean("degraded")).isTrue();
        assertThat(decision.getList("segments")).isEmpty();
        assertThat(decision.getString("variables.loyalty_tier")).isEqualTo("standard");
        assertThat(millis).as("answered before Redis came back").isLessThan(1500);
    }

    @Test
    void aRuleThatThrowsGivesTheDegradedDefault() {
        String name = "throwing_" + UUID.randomUUID().toString().substring(0, 8);
        // A trait of this run's own: customers left by earlier runs must not trip the activation's probes.
        String trait = "event_" + name;
        byte[] zip = RuleSetArchive.zip(Map.of(
                "facts.yaml",
                        "events:\n  Page Viewed: {window: 7d}\nvariables:\n  tier: {type: string, default: basic}\n"
                                .getBytes(StandardCharsets.UTF_8),
                "rules.drl", """
                        package tailor.throwing;
                        import dev.tailor.facts.Customer;
                        import dev.tailor.rules.Segment;
                        import dev.tailor.rules.Variable;
                        import function dev.tailor.facts.Window.days;
                        // The event name comes from a trait: an undeclared one throws at run time.
                        rule "FromTrait" when Customer( count(trait("TRAIT", "Page Viewed"), days(1)) >= 0 )
                        then insert(Segment.marketing("counted")); end
                        rule "Tier" when $c : Customer() then insert(new Variable("tier", $c.trait("tier", "basic"))); end
                        """.replace("TRAIT", trait).getBytes(StandardCharsets.UTF_8)));
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
        String customer = customerWith(null, Map.of(trait, "Never Declared", "tier", "gold"));

        given().queryParam("ruleSet", name)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .body("degraded", equalTo(true))
                .body("variables.tier", equalTo("basic"))
                .body("segments[0].name", equalTo("counted"));
    }

    @Test
    void aBatchAnswersOneDecisionPerCustomerInOrder() {
        String abandoner = customerWith("Product Added", Map.of());
        String gold = customerWith(null, Map.of("loyalty_tier", "gold"));
        String unknown = "never-" + UUID.randomUUID();

        JsonPath batch = given().contentType(ContentType.JSON)
                .body(Map.of("customerIds", List.of(abandoner, gold, unknown)))
                .post("/v1/decisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(batch.getList("decisions.customerId", String.class)).containsExactly(abandoner, gold, unknown);
        assertThat(batch.getList("decisions[0].segments.name", String.class)).containsExactly("cart_abandoner");
        assertThat(batch.getString("decisions[1].variables.loyalty_tier")).isEqualTo("gold");
        assertThat(batch.getBoolean("decisions[2].degraded")).isFalse();
    }

    @Test
    void aBatchBeyondTheLimitOrEmptyIsRefused() {
        List<String> tooMany =
                new ArrayList<>(IntStream.range(0, 1001).mapToObj(i -> "c" + i).toList());
        given().contentType(ContentType.JSON)
                .body(Map.of("customerIds", tooMany))
                .post("/v1/decisions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("customerIds"));
        given().contentType(ContentType.JSON)
                .body(Map.of("customerIds", List.of()))
                .post("/v1/decisions")
                .then()
                .statusCode(400)
                .body("field", equalTo("customerIds"));
    }
}
