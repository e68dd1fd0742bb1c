package dev.tailor.facts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Segment clears a trait by sending it as {@code null}: the customer's decisions then read it as absent, and
 * nothing that reads stored customers (renders, impact analysis) fails on it.
 */
@QuarkusTest
class ClearedTraitTest {

    private static JsonPath decision(String customerId) {
        return given().get("/v1/decisions/{id}", customerId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void identify(String customerId, String traits) {
        given().contentType(ContentType.JSON)
                .body("""
                {"userId":"%s","traits":%s}""".formatted(customerId, traits))
                .post("/v1/identify")
                .then()
                .statusCode(200);
    }

    @Test
    void aNullTraitClearsItAndTheCustomerStaysReadable() {
        String customer = "cleared-" + UUID.randomUUID();
        identify(customer, """
                {"first_name":"Ada","loyalty_tier":"gold"}""");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "Ada".equals(decision(customer).getString("variables.first_name")));

        identify(customer, """
                {"first_name":null,"loyalty_tier":"gold"}""");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "there".equals(decision(customer).getString("variables.first_name")));
        JsonPath cleared = decision(customer);
        org.assertj.core.api.Assertions.assertThat(cleared.getBoolean("degraded"))
                .isFalse();
        org.assertj.core.api.Assertions.assertThat(cleared.getString("variables.loyalty_tier"))
                .isEqualTo("gold");

        given().queryParam("revision", cleared.getLong("ruleSet.revision"))
                .post("/admin/rule-sets/{name}/impact", "marketing")
                .then()
                .statusCode(200)
                .body("ruleSet", equalTo("marketing"));
    }
}
