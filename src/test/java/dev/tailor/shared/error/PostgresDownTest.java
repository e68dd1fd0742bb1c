package dev.tailor.shared.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.testing.OwnPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL down: decisions keep working on the revisions, keys and destinations held in memory; the admin API
 * answers 503 until it returns. Runs on a PostgreSQL cluster of its own (OwnPostgres), which the test stops.
 */
@QuarkusTest
@TestProfile(PostgresDownTest.OwnPostgresProfile.class)
class PostgresDownTest {

    public static class OwnPostgresProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnPostgres.class));
        }
    }

    @Test
    void decisionsGoOnAndAdminAnswers503UntilPostgresReturns() {
        given().get("/v1/decisions/{id}", "pg-down").then().statusCode(200).body("degraded", equalTo(false));
        given().get("/admin/rule-sets").then().statusCode(200);

        OwnPostgres.stopPostgres();
        try {
            for (int i = 0; i < 3; i++) {
                given().get("/v1/decisions/{id}", "pg-down")
                        .then()
                        .statusCode(200)
                        .body("degraded", equalTo(false))
                        .body("ruleSet.name", equalTo("marketing"));
            }
            given().get("/admin/rule-sets")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("type", equalTo("urn:tailor:problem:database-unavailable"));
        } finally {
            OwnPostgres.startPostgres();
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/admin/rule-sets").statusCode() == 200);
    }
}
