package dev.tailor.shared;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an operator sees: Prometheus metrics, readiness with its dependencies, liveness, the OpenAPI document. */
@QuarkusTest
class ObservabilityTest {

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void metricsCoverDecisionsRulesEventsAndCompiles() {
        String customer = "metrics-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", customer, "event", "Product Added"))
                .post("/v1/track")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/v1/decisions/{id}", customer)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("segments.name")
                        .contains("cart_abandoner"));

        String metrics = metrics();
        assertThat(metrics)
                .contains("tailor_decisions_seconds_bucket{")
                .contains("degraded=\"false\"")
                .contains("tailor_rules_fired_total{")
                .contains("rule=\"CartAbandoner24h\"")
                .contains("tailor_events_received_total{type=\"track\"}")
                .contains("tailor_events_applied_total{outcome=\"applied\"}")
                .contains("tailor_rules_compile_seconds_count{ruleSet=\"marketing\"}")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void readinessNamesEveryDependencyAndLivenessNone() {
        // Ready once the events consumers have their partitions, which comes some seconds after the start.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        String ready =
                given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(ready)
                .contains("active rule set")
                .contains("Redis")
                .contains("Database")
                .contains("Reactive Messaging")
                .contains("events consumer assigned");
        String live =
                given().get("/q/health/live").then().statusCode(200).extract().asString();
        assertThat(live).contains("tailor").doesNotContain("Redis").doesNotContain("Database");
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        assertThat(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("/v1/decisions/{customerId}")
                .contains("/v1/{type}")
                .contains("/admin/rule-sets");
    }
}
