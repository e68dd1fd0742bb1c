package dev.tailor.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key sequence of docs/security.md, step by step: create a key, rotate it by its id, then revoke that same id.
 * Rotation keeps the id, so the id an operator was given always names the live secret.
 */
@QuarkusTest
class KeyRotationTest {

    @Inject
    ApiKeyService keys;

    @BeforeEach
    void sendOnlyWhatEachTestSends() {
        RestAssured.replaceFiltersWith(List.of());
    }

    private static int track(String key) {
        return given().auth()
                .preemptive()
                .basic(key, "")
                .contentType(ContentType.JSON)
                .body("{\"userId\":\"rot-" + UUID.randomUUID() + "\",\"event\":\"Page Viewed\"}")
                .post("/v1/track")
                .statusCode();
    }

    private static Map<String, Object> listed(long id) {
        List<Map<String, Object>> all = given().header("X-Api-Key", TestApiKey.KEY)
                .get("/admin/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        return all.stream()
                .filter(k -> ((Number) k.get("id")).longValue() == id)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theReadmeSequenceRevokesTheLiveSecret() {
        JsonPath created = given().header("X-Api-Key", TestApiKey.KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "website write key", "scopes", "ingest", "ratePerSecond", 500))
                .post("/admin/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        long id = created.getLong("id");
        String first = created.getString("key");
        assertThat(track(first)).isEqualTo(200);

        JsonPath rotated = given().header("X-Api-Key", TestApiKey.KEY)
                .post("/admin/api-keys/{id}/rotate", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String second = rotated.getString("key");
        assertThat(rotated.getLong("id")).isEqualTo(id);
        assertThat(rotated.getString("name")).isEqualTo("website write key");
        assertThat(rotated.getInt("ratePerSecond")).isEqualTo(500);
        assertThat(second).isNotEqualTo(first);
        assertThat(track(first)).isEqualTo(401);
        assertThat(track(second)).isEqualTo(200);
        Map<String, Object> afterRotation = listed(id);
        assertThat(afterRotation.get("hint")).isEqualTo("…" + second.substring(second.length() - 4));
        assertThat(afterRotation.get("rotatedAt")).isNotNull();
        assertThat(afterRotation.get("revokedAt")).isNull();

        given().header("X-Api-Key", TestApiKey.KEY)
                .delete("/admin/api-keys/{id}", id)
                .then()
                .statusCode(204);
        assertThat(track(second)).isEqualTo(401);
        assertThat(listed(id).get("revokedAt")).isNotNull();
        given().header("X-Api-Key", TestApiKey.KEY)
                .post("/admin/api-keys/{id}/rotate", id)
                .then()
                .statusCode(404);
    }

    @Test
    void aRotatedAwaySecretIsNotStoredAgainAsTheBootstrapKey() {
        ApiKeyService.IssuedKey issued = keys.create("bootstrap-like", "decide", null);
        keys.rotate(issued.id());

        keys.bootstrap(issued.key());
        keys.reload();

        assertThat(keys.grantFor(issued.key())).isEmpty();
    }
}
