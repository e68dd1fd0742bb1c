package dev.tailor.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The Segment Spec endpoints over HTTP: success answers naming refused calls, and problem+json refusals naming the
 * field when nothing of a request was accepted.
 */
@QuarkusTest
class IngestResourceTest {

    @Test
    void aValidBatchIsAcceptedAfterKafkaAcknowledgesIt() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"batch":[
                          {"type":"identify","userId":"ingest-ok","traits":{"loyalty_tier":"gold"}},
                          {"type":"track","userId":"ingest-ok","event":"Product Viewed"},
                          {"type":"page","anonymousId":"anon-ingest-ok","name":"Home"}]}""")
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("$", not(hasKey("refused")));
    }

    @Test
    void malformedJsonIsA400ProblemNamingTheBody() {
        given().contentType(ContentType.JSON)
                .body("{\"userId\": \"42\", ")
                .post("/v1/track")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", equalTo("urn:tailor:problem:invalid-event"))
                .body("field", equalTo("body"))
                .body("detail", startsWith("is not valid JSON"));
    }

    @Test
    void aMissingRequiredFieldIsA400ProblemNamingIt() {
        given().contentType(ContentType.JSON)
                .body("{\"userId\":\"42\",\"properties\":{}}")
                .post("/v1/track")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("event"))
                .body("detail", equalTo("is required for a track call"));

        given().contentType(ContentType.JSON)
                .body("{\"traits\":{\"email\":\"x@example.com\"}}")
                .post("/v1/identify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("userId"))
                .body("detail", equalTo("userId or anonymousId is required"));
    }

    @Test
    void aBadCallInABatchIsRefusedAloneAndNamedByIndex() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"batch":[
                          {"type":"track","userId":"1","event":"Fine"},
                          {"type":"track","userId":"1","event":"Odd","properties":[1,2]}]}""")
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("refused.size()", equalTo(1))
                .body("refused[0].index", equalTo(1))
                .body("refused[0].field", equalTo("batch[1].properties"))
                .body("refused[0].detail", equalTo("must be a JSON object"))
                .body("refused[0].errors.size()", equalTo(1));
    }

    @Test
    void aBatchWhoseEveryCallIsRefusedIsA400ListingEveryError() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"batch":[
                          {"type":"track","event":"Who?"},
                          {"type":"track","userId":"1","event":"Odd","properties":[1,2]}]}""")
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("batch[0].userId"))
                .body("errors.field", contains("batch[0].userId", "batch[1].properties"));
    }
}
