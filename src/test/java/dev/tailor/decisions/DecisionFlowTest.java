package dev.tailor.decisions;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.tailor.rules.revisions.RuleSetContent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Segment events posted over HTTP change the render-time decision, through Kafka and Redis. */
@QuarkusTest
class DecisionFlowTest {

    private static JsonPath decision(String customerId) {
        return given().get("/v1/decisions/{id}", customerId)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    private static List<String> segments(String customerId) {
        return decision(customerId).getList("segments.name", String.class);
    }

    private static void post(String path, String json) {
        given().contentType(ContentType.JSON).body(json).post(path).then().statusCode(200);
    }

    @Test
    void cartAbandonerAppearsThenLeavesAfterAnOrder() {
        String customer = "flow-" + UUID.randomUUID();
        post("/v1/identify", """
                {"userId":"%s","traits":{"loyalty_tier":"gold","email":"flow@example.com"}}""".formatted(customer));
        post("/v1/track", """
                {"userId":"%s","event":"Product Added","properties":{"sku":"SHOE-1"}}""".formatted(customer));

        await().atMost(Duration.ofSeconds(30)).until(() -> segments(customer).equals(List.of("cart_abandoner")));
        JsonPath abandoner = decision(customer);
        org.assertj.core.api.Assertions.assertThat(abandoner.getString("variables.loyalty_tier"))
                .isEqualTo("gold");
        org.assertj.core.api.Assertions.assertThat(abandoner.getBoolean("degraded"))
                .isFalse();

        post("/v1/track", """
                {"userId":"%s","event":"Order Completed","properties":{"revenue":59.9}}""".formatted(customer));

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        segments(customer).equals(List.of("lifecycle_new", "order_follow_up", "recent_purchaser")));
    }

    @Test
    void anUnknownCustomerGetsTheDefaultDecisionWithTheRuleSetRevision() {
        // The revision's hash: the rules and the scenario files it keeps.
        String sha256 =
                RuleSetContent.fromDirectory(Path.of("rules", "marketing")).sha256();
        given().get("/v1/decisions/{id}", "never-seen-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .body("segments", empty())
                .body("variables.loyalty_tier", equalTo("standard"))
                .body("ruleSet.name", equalTo("marketing"))
                .body("ruleSet.revision", greaterThan(0))
                .body("ruleSet.sha256", equalTo(sha256))
                .body("degraded", equalTo(false));
    }
}
