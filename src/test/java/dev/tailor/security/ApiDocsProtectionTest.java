package dev.tailor.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With tailor.security.protect-api-docs (on in the prod profile), the API description is for administrators. */
@QuarkusTest
@TestProfile(ApiDocsProtectionTest.Protected.class)
class ApiDocsProtectionTest {

    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tailor.security.protect-api-docs", "true");
        }
    }

    @Test
    void theApiDescriptionNeedsAnAdminKey() {
        String ingestKey = given().contentType(ContentType.JSON)
                .body(Map.of("name", "docs-" + UUID.randomUUID(), "scopes", "ingest,decide"))
                .post("/admin/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        for (String path : new String[] {"/q/openapi", "/q/openapi.json", "/q/swagger-ui", "/q/swagger-ui/"}) {
            given().header("Authorization", "Bearer ")
                    .get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("detail", containsString("admin"));
            given().header("X-Api-Key", ingestKey)
                    .get(path)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        given().get("/q/openapi").then().statusCode(200).body(containsString("/admin/destinations"));
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200);
        given().header("Authorization", "Bearer ").get("/q/health/live").then().statusCode(200);
    }
}
