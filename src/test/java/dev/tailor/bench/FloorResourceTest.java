package dev.tailor.bench;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.FieldNames;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With the floor enabled (as the bench profile does), it answers the customer's hash as stored, behind the key. */
@QuarkusTest
@TestProfile(FloorResourceTest.FloorEnabled.class)
class FloorResourceTest {

    public static class FloorEnabled implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tailor.bench.floor-enabled", "true");
        }
    }

    @Inject
    FactsStore facts;

    @Inject
    RedisDataSource redis;

    @Test
    void answersTheHashADecisionReads() {
        String id = "floor-" + UUID.randomUUID();
        Instant now = Instant.now();
        facts.apply(new CustomerEvent(
                        "identify",
                        UUID.randomUUID().toString(),
                        id,
                        id,
                        null,
                        null,
                        null,
                        Map.of(),
                        Map.of("first_name", "Ada"),
                        now,
                        now))
                .await()
                .atMost(Duration.ofSeconds(5));
        facts.apply(new CustomerEvent(
                        "track",
                        UUID.randomUUID().toString(),
                        id,
                        id,
                        null,
                        null,
                        "Product Added",
                        Map.of(),
                        Map.of(),
                        now,
                        now))
                .await()
                .atMost(Duration.ofSeconds(5));

        // first_name is one of Segment's reserved traits, which facts keep under its camelCase spelling.
        Map<String, String> answered = given().get("/v1/floor/{id}", id)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("v", equalTo("2"), "'t:firstName'", equalTo("\"Ada\""))
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);

        assertThat(answered).isEqualTo(redis.hash(String.class).hgetall(FactsStore.factsKey(id)));
        assertThat(answered).containsKey(FieldNames.series("Product Added"));
    }

    @Test
    void anUnknownCustomerHasAnEmptyHash() {
        given().get("/v1/floor/{id}", "floor-nobody-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void needsAKeyWithTheDecideScopeLikeADecision() {
        given().header("X-Api-Key", "not-a-key")
                .get("/v1/floor/{id}", "anyone")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }
}
