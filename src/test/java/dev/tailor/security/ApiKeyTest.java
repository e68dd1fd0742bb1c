package dev.tailor.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API keys over the real PostgreSQL and Redis: scopes, how clients send keys, rotation, revocation, rate limits. */
@QuarkusTest
class ApiKeyTest {

    @BeforeEach
    void sendOnlyWhatEachTestSends() {
        RestAssured.replaceFiltersWith(List.of());
    }

    private static JsonPath newKey(String scopes, Integer ratePerSecond) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "test " + scopes, "scopes", scopes));
        if (ratePerSecond != null) {
            body.put("ratePerSecond", ratePerSecond);
        }
        return given().header("X-Api-Key", TestApiKey.KEY)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/admin/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static String trackBody() {
        return "{\"userId\":\"sec-" + UUID.randomUUID() + "\",\"event\":\"Page Viewed\"}";
    }

    @Test
    void withoutAKeyOnlyHealthIsOpen() {
        given().contentType(ContentType.JSON)
                .body(trackBody())
                .post("/v1/track")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("Bearer"))
                .body("type", equalTo("urn:tailor:problem:missing-api-key"));
        given().get("/v1/decisions/{id}", "anyone").then().statusCode(401);
        given().get("/admin/rule-sets").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-key")
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(401)
                .body("type", equalTo("urn:tailor:problem:unknown-api-key"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aKeyWorksAsSegmentSendsItAndOnlyForItsScopes() {
        String ingest = newKey("ingest", null).getString("key");

        // Segment's libraries send the write key as the Basic user name with an empty password.
        given().auth()
                .preemptive()
                .basic(ingest, "")
                .contentType(ContentType.JSON)
                .body(trackBody())
                .post("/v1/track")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + ingest)
                .contentType(ContentType.JSON)
                .body(trackBody())
                .post("/v1/track")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + ingest)
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("This key lacks the 'decide' scope this endpoint needs"));
        given().header("X-Api-Key", ingest).get("/admin/api-keys").then().statusCode(403);
    }

    @Test
    void rotationAndRevocationTakeEffectAtOnce() {
        JsonPath issued = newKey("decide", null);
        String first = issued.getString("key");
        given().header("X-Api-Key", first)
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(200);

        JsonPath rotated = given().header("X-Api-Key", TestApiKey.KEY)
                .post("/admin/api-keys/{id}/rotate", issued.getLong("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String second = rotated.getString("key");
        given().header("X-Api-Key", first)
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(401);
        given().header("X-Api-Key", second)
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(200);

        given().header("X-Api-Key", TestApiKey.KEY)
                .delete("/admin/api-keys/{id}", rotated.getLong("id"))
                .then()
                .statusCode(204);
        given().header("X-Api-Key", second)
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(401);
    }

    @Test
    void listingShowsNoSecretAndBadRequestsNameTheField() {
        String key = newKey("ingest,decide", null).getString("key");
        String listed = given().header("X-Api-Key", TestApiKey.KEY)
                .get("/admin/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(listed).doesNotContain(key).contains("…" + key.substring(key.length() - 4));
        given().header("X-Api-Key", TestApiKey.KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "bad", "scopes", "ingest,root"))
                .post("/admin/api-keys")
                .then()
                .statusCode(400)
                .body("field", equalTo("scopes"));
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfter() {
        String limited = newKey("decide", 2).getString("key");
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 6; i++) {
            var response = given().header("X-Api-Key", limited).get("/v1/decisions/{id}", "anyone");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
            }
        }
        assertThat(statuses).contains(200, 429);
        assertThat(retryAfter).isNotNull();
        assertThat(Integer.parseInt(retryAfter)).isPositive();
    }
}
