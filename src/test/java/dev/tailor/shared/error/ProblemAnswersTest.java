package dev.tailor.shared.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The framework's own refusals answer {@code application/problem+json} like Tailor's: type, title, status, detail,
 * and the field (or header) to change when there is one. None quotes the path or body sent.
 */
@QuarkusTest
class ProblemAnswersTest {

    private static final String CUSTOMER = "ada.lovelace@example.com";

    private static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:tailor:problem:" + type))
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)))
                .body("detail", not(equalTo(null)))
                .body(not(containsString(CUSTOMER)));
    }

    @Test
    void anUnknownPathIsA404Problem() {
        problem(given().get("/nowhere/{id}", CUSTOMER).then(), 404, "not-found");
        problem(given().get("/v1/nowhere/{id}", CUSTOMER).then(), 404, "not-found");
        problem(given().get("/admin/nowhere").then(), 404, "not-found");
    }

    @Test
    void aWrongMethodIsA405Problem() {
        problem(given().delete("/v1/decisions/{id}", CUSTOMER).then(), 405, "method-not-allowed");
        problem(given().get("/v1/track").then(), 405, "method-not-allowed");
    }

    @Test
    void anUnacceptableAcceptIsA406ProblemNamingTheHeader() {
        problem(
                        given().accept("application/xml")
                                .get("/v1/decisions/{id}", CUSTOMER)
                                .then(),
                        406,
                        "not-acceptable")
                .body("field", equalTo("Accept"));
    }

    @Test
    void anUnreadableContentTypeIsA415ProblemNamingTheHeader() {
        problem(
                        given().contentType("text/plain")
                                .body("customerId=" + CUSTOMER)
                                .post("/admin/erasures")
                                .then(),
                        415,
                        "unsupported-media-type")
                .body("field", equalTo("Content-Type"));
    }

    @Test
    void malformedJsonOnTheAdminApiIsA400ProblemNamingTheBody() {
        problem(
                        given().contentType("application/json")
                                .body("{\"customerId\":\"" + CUSTOMER)
                                .post("/admin/erasures")
                                .then(),
                        400,
                        "invalid-request")
                .body("field", equalTo("body"))
                .body("detail", containsString("not valid JSON"));
        problem(
                        given().contentType("application/json")
                                .body("[1,2")
                                .post("/v1/decisions")
                                .then(),
                        400,
                        "invalid-request")
                .body("field", equalTo("body"));
    }

    @Test
    void jsonOfTheWrongShapeIsA400ProblemNamingTheField() {
        problem(
                        given().contentType("application/json")
                                .body("{\"revision\":\"" + CUSTOMER + "\"}")
                                .post("/admin/rule-sets/marketing/activations")
                                .then(),
                        400,
                        "invalid-request")
                .body("field", equalTo("revision"))
                .body("detail", equalTo("must be a number"));
        problem(
                        given().contentType("application/json")
                                .body("{\"customerId\":{\"email\":\"" + CUSTOMER + "\"}}")
                                .post("/admin/erasures")
                                .then(),
                        400,
                        "invalid-request")
                .body("field", equalTo("customerId"))
                .body("detail", equalTo("must be a string"));
        problem(
                        given().contentType("application/json")
                                .body("{\"customerIds\":\"" + CUSTOMER + "\"}")
                                .post("/v1/decisions")
                                .then(),
                        400,
                        "invalid-request")
                .body("field", equalTo("customerIds"))
                .body("detail", equalTo("must be an array"));
    }

    @Test
    void aBodyOverTheHttpLimitIsA413ProblemAnsweredBeforeTheBodyIsRead() {
        byte[] body = new byte[11 * 1024 * 1024]; // over quarkus.http.limits.max-body-size (10 MB)
        Arrays.fill(body, (byte) ' ');
        // With Expect: 100-continue the client waits for the answer before sending 11 MB the server will not read.
        var waitForAnswer = RestAssured.config()
                .httpClient(HttpClientConfig.httpClientConfig().setParam("http.protocol.expect-continue", true));
        problem(
                        given().config(waitForAnswer)
                                .contentType("application/json")
                                .body(body)
                                .post("/v1/batch")
                                .then(),
                        413,
                        "body-too-large")
                .body("field", equalTo("body"))
                .body("detail", containsString("10240 KB"));
        problem(
                given().config(waitForAnswer)
                        .contentType("application/json")
                        .body(body)
                        .post("/admin/erasures")
                        .then(),
                413,
                "body-too-large");
    }
}
