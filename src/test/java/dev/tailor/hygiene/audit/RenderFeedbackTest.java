package dev.tailor.hygiene.audit;

import static dev.tailor.hygiene.StoredCustomers.identify;
import static dev.tailor.hygiene.StoredCustomers.newId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.FactsStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A render that had to use a rule's default records a data-quality issue for the customer, in the background. */
@QuarkusTest
class RenderFeedbackTest {

    @Inject
    FactsStore facts;

    private static List<Map<String, Object>> renderIssues(String customerId) {
        return given().queryParam("customerId", customerId)
                .queryParam("kind", "render-fallback")
                .get("/admin/data-quality/issues")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    @Test
    void aRenderWithoutAFirstNameRecordsAnIssueCountingEveryRender() {
        String customer = newId("render");
        identify(facts, customer, Map.of("email", "someone@example.com", "loyalty_tier", "gold"));

        JsonPath decision = given().queryParam("explain", true)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(decision.getString("variables.first_name")).isEqualTo("there");
        assertThat(decision.getList("explanation.fallbacks.trait", String.class))
                .containsExactly("first_name");
        given().get("/v1/decisions/{id}", customer).then().statusCode(200);
        given().get("/v1/decisions/{id}", customer).then().statusCode(200);

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(renderIssues(customer))
                        .singleElement()
                        .satisfies(issue -> {
                            assertThat(issue)
                                    .containsEntry("field", "first_name")
                                    .containsEntry("source", "render")
                                    .containsEntry("count", 3);
                            assertThat((String) issue.get("detail"))
                                    .isEqualTo("missing; rules used the default \"there\"");
                        }));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("tailor_data_quality_found_total{kind=\"render-fallback\",source=\"render\"")
                .contains("tailor_data_quality_feedback_dropped_total");
    }

    @Test
    void aValueKeptRawIsReportedAsInvalidAndUnknownCustomersRecordNothing() {
        String customer = newId("render");
        identify(
                facts,
                customer,
                Map.of("email", "someone@example.com", "first_name_raw", "\u0000", "loyalty_tier", "silver"));
        given().get("/v1/decisions/{id}", customer).then().statusCode(200);
        String unknown = newId("render");
        given().get("/v1/decisions/{id}", unknown).then().statusCode(200);

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(renderIssues(customer))
                        .singleElement()
                        .satisfies(issue ->
                                assertThat((String) issue.get("detail")).startsWith("invalid")));
        assertThat(renderIssues(unknown)).isEmpty();
    }
}
