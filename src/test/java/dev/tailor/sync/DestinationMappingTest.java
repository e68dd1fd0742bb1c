package dev.tailor.sync;

import static dev.tailor.testing.SegmentCalls.identify;
import static dev.tailor.testing.SegmentCalls.postBatch;
import static dev.tailor.testing.SegmentCalls.track;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A decision worded in a destination's vocabulary: its field names, types and date formats, kept in PostgreSQL. */
@QuarkusTest
class DestinationMappingTest {

    @Test
    void aDecisionAnswersInTheDestinationsFieldNamesAndTypes() {
        String name = "braze-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "mapping",
                        List.of(
                                Map.of("source", "variable:loyalty_tier", "target", "custom_field_7", "type", "string"),
                                Map.of("source", "variable:average_order_value", "target", "aov", "type", "number"),
                                Map.of("source", "segment:cart_abandoner", "target", "has_cart", "type", "boolean"),
                                Map.of("source", "segments", "target", "tags", "type", "list"),
                                Map.of("source", "revision", "target", "tailor_revision"))))
                .put("/admin/destinations/{name}", name)
                .then()
                .statusCode(201);
        String customer = "map-" + UUID.randomUUID();
        postBatch(
                identify(customer, Map.of("loyalty_tier", "gold")),
                track(customer, "Product Added", "timestamp", Instant.now().toString()));

        Awaitility.await()
                .until(() -> given().queryParam("destination", name)
                        .get("/v1/decisions/{id}", customer)
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("has_cart"));
        JsonPath worded = given().queryParam("destination", name)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(worded.getMap("$")).containsOnlyKeys("custom_field_7", "aov", "has_cart", "tags", "tailor_revision");
        assertThat(worded.getString("custom_field_7")).isEqualTo("gold");
        assertThat(worded.getDouble("aov")).isZero();
        assertThat(worded.getList("tags", String.class)).containsExactly("cart_abandoner");
    }

    @Test
    void datesAreFormattedAsTheDestinationExpects() {
        FieldMapper.Decided decided = new FieldMapper.Decided(
                List.of(), Map.of("last_order", Instant.parse("2026-03-04T05:06:07Z")), "marketing", 3, false);
        Map<String, Object> worded = FieldMapper.apply(
                List.of(
                        new FieldMapping("variable:last_order", "iso", "date", null),
                        new FieldMapping("variable:last_order", "day", "date", "yyyy-MM-dd"),
                        new FieldMapping("variable:last_order", "epoch", "date", "epoch_seconds"),
                        new FieldMapping("variable:missing", "absent", "string", null)),
                decided);
        assertThat(worded)
                .containsEntry("iso", "2026-03-04T05:06:07Z")
                .containsEntry("day", "2026-03-04")
                .containsEntry("epoch", 1772600767L)
                .containsEntry("absent", null);
    }

    @Test
    void aBadMappingIsRefusedNamingTheEntryAndAnUnknownDestinationIs404() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "mapping",
                        List.of(
                                Map.of("source", "variable:x", "target", "x"),
                                Map.of("source", "variable:y", "target", "y", "type", "date", "format", "yyyy-MM-{}"))))
                .put("/admin/destinations/{name}", "bad-mapping")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("mapping[1].format"));
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "http://localhost:9/hooks"))
                .put("/admin/destinations/{name}", "no-secret")
                .then()
                .statusCode(400)
                .body("field", equalTo("signingSecret"));
        given().queryParam("destination", "nowhere")
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
