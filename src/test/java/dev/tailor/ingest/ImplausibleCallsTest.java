package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.DEAD_LETTERS;
import static dev.tailor.testing.TopicReader.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.testing.HostileServices;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every entry refuses implausible values with 400 problem+json naming the field, and dead-letters what it refuses:
 * the Segment paths (single and batch) for each event time outside the window and each unusable summed number,
 * bulk import per line (NDJSON and CSV), the SendGrid webhook per event. Times at the window's edges are accepted
 * and applied.
 */
@QuarkusTest
@TestProfile(HostileServices.Profile.class)
class ImplausibleCallsTest {

    private static final Duration FACTS_WAIT = Duration.ofSeconds(60);

    @Inject
    FactsStore facts;

    private Customer factsOf(String customer) {
        return facts.read(customer, Instant.now()).await().atMost(Duration.ofSeconds(5));
    }

    /** Times outside the window: the earliest minus a millisecond, far past, far future, just past the margin. */
    static Stream<Arguments> implausibleTimes() {
        Instant tooLate = Instant.now().plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5));
        return Stream.of("timestamp", "originalTimestamp", "sentAt")
                .flatMap(field -> Stream.of(
                        Arguments.of(field, "0001-01-01T00:00:00Z"),
                        Arguments.of(field, "1999-12-31T23:59:59.999Z"),
                        Arguments.of(field, "1970-01-01T00:00:00Z"),
                        Arguments.of(field, "9999-12-31T23:59:59Z"),
                        Arguments.of(field, tooLate.toString())));
    }

    @ParameterizedTest
    @MethodSource("implausibleTimes")
    void anEventTimeOutsideTheWindowIsRefusedNamingItsFieldAndDeadLettered(String field, String time) {
        String customer = "time-" + UUID.randomUUID();
        Map<String, Object> call = Map.of("userId", customer, "event", "Product Viewed", field, time);
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body(call)
                    .post("/v1/track")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo(field))
                    .body("detail", containsString(time.substring(0, 4)));
            given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "batch",
                            List.of(Map.of(
                                    "type", "track", "userId", customer, "event", "Product Viewed", field, time))))
                    .post("/v1/batch")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("batch[0]." + field));

            List<ConsumerRecord<String, String>> dead =
                    deadLetters.awaitMatching(record -> customer.equals(record.key()), 2);
            assertThat(dead)
                    .extracting(record -> header(record, RefusedCallPublisher.REASON_HEADER))
                    .allSatisfy(reason -> assertThat(reason).contains(field + ": is "));
        }
    }

    @Test
    void anIdBeginningWithAClosingBraceIsRefusedNamingItsFieldAndDeadLettered() {
        String customer = "}brace-" + UUID.randomUUID();
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("userId", customer, "event", "Product Viewed"))
                    .post("/v1/track")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("userId"))
                    .body("detail", containsString("must not begin with '}'"));
            given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "batch",
                            List.of(Map.of(
                                    "type",
                                    "identify",
                                    "userId",
                                    "u-" + customer.substring(1),
                                    "anonymousId",
                                    customer))))
                    .post("/v1/batch")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("batch[0].anonymousId"));

            List<ConsumerRecord<String, String>> dead =
                    deadLetters.awaitMatching(record -> customer.equals(record.key()), 1);
            assertThat(dead)
                    .extracting(record -> header(record, RefusedCallPublisher.REASON_HEADER))
                    .allSatisfy(reason -> assertThat(reason).contains("userId: must not begin with '}'"));
        }
    }

    @Test
    void timesTogetherImplausibleAfterTheClockSkewCorrectionAreRefusedAsTheTimestamp() {
        // Each time is plausible alone; corrected with sentAt, the event would be from before 2000.
        Map<String, Object> call = Map.of(
                "userId",
                "skew-" + UUID.randomUUID(),
                "event",
                "Product Viewed",
                "timestamp",
                "2000-01-01T00:00:01Z",
                "sentAt",
                Instant.now().plus(Duration.ofHours(20)).toString());
        given().contentType(ContentType.JSON)
                .body(call)
                .post("/v1/track")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("timestamp"))
                .body("detail", containsString("corrected for clock skew"));
    }

    @Test
    void timesAtTheEdgesOfTheWindowAreAcceptedAndApplied() {
        String customer = "edge-" + UUID.randomUUID();
        Instant nearlyTooLate = Instant.now().plus(Duration.ofHours(23));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "batch",
                        List.of(
                                Map.of(
                                        "type",
                                        "track",
                                        "userId",
                                        customer,
                                        "event",
                                        "Product Viewed",
                                        "timestamp",
                                        "2000-01-01T00:00:00Z"),
                                Map.of(
                                        "type",
                                        "track",
                                        "userId",
                                        customer,
                                        "event",
                                        "Product Viewed",
                                        "timestamp",
                                        nearlyTooLate.toString(),
                                        "originalTimestamp",
                                        nearlyTooLate.toString()))))
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("refused", org.hamcrest.Matchers.nullValue());
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).countEver("Product Viewed") == 2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1e400",
                "-1e400",
                "1e16",
                "\"NaN\"",
                "\"Infinity\"",
                "\"twelve\"",
                "[1, 2]",
                "{\"amount\": 5}",
                "true"
            })
    void aSummedPropertyThatIsNoUsableNumberIsRefusedNamingIt(String revenue) {
        String customer = "sum-" + UUID.randomUUID();
        String body = "{\"userId\":\"" + customer + "\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":"
                + revenue + "}}";
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/v1/track")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("properties.revenue"));
            assertThat(header(
                            deadLetters
                                    .awaitMatching(record -> customer.equals(record.key()), 1)
                                    .get(0),
                            RefusedCallPublisher.REASON_HEADER))
                    .startsWith("properties.revenue: ");
        }
    }

    @Test
    void summedNumbersWithinTheBoundAreAddedAndAHugeUnsummedOneIsKept() {
        String customer = "sum-ok-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "batch",
                        List.of(
                                Map.of(
                                        "type",
                                        "track",
                                        "userId",
                                        customer,
                                        "event",
                                        "Order Completed",
                                        "properties",
                                        Map.of("revenue", "12.5")),
                                Map.of(
                                        "type",
                                        "track",
                                        "userId",
                                        customer,
                                        "event",
                                        "Order Completed",
                                        "properties",
                                        Map.of("revenue", 1000, "order_no", 1e300)),
                                Map.of(
                                        "type",
                                        "track",
                                        "userId",
                                        customer,
                                        "event",
                                        "Order Completed",
                                        "properties",
                                        Map.of("revenue", "")))))
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("refused", org.hamcrest.Matchers.nullValue());
        for (double bound : new double[] {1e15, -1e15}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "userId",
                            "sum-bound-" + UUID.randomUUID(),
                            "event",
                            "Order Completed",
                            "properties",
                            Map.of("revenue", bound)))
                    .post("/v1/track")
                    .then()
                    .statusCode(200);
        }
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).countEver("Order Completed") == 3);
        assertThat(factsOf(customer).sum("Order Completed", "revenue", Duration.ofDays(30)))
                .isEqualTo(1012.5);
    }

    @Test
    void anImportRefusesImplausibleLinesByLineAndField() {
        String customer = "import-" + UUID.randomUUID();
        String ndjson = String.join(
                        "\n",
                        "{\"type\":\"track\",\"userId\":\"" + customer + "\",\"event\":\"Product Viewed\","
                                + "\"timestamp\":\"0001-01-01T00:00:00Z\"}",
                        "{\"type\":\"track\",\"userId\":\"" + customer + "\",\"event\":\"Order Completed\","
                                + "\"properties\":{\"revenue\":1e400}}",
                        "{\"type\":\"track\",\"userId\":\"" + customer + "\",\"event\":\"Product Viewed\","
                                + "\"timestamp\":\"2998-01-01T00:00:00Z\"}",
                        "{\"type\":\"track\",\"userId\":\"" + customer + "\",\"event\":\"Product Viewed\"}")
                + "\n";
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            JsonPath report = imported("application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
            assertThat(report.getString("status")).isEqualTo("DONE");
            assertThat(report.getLong("imported")).isEqualTo(1);
            assertThat(report.getList("refusals.line", Integer.class)).containsExactly(1, 2, 3);
            assertThat(report.getList("refusals.field", String.class))
                    .containsExactly("timestamp", "properties.revenue", "timestamp");
            assertThat(deadLetters.awaitMatching(record -> customer.equals(record.key()), 3))
                    .extracting(record -> header(record, RefusedCallPublisher.REASON_HEADER))
                    .allSatisfy(reason -> assertThat(reason).containsAnyOf("timestamp: is ", "properties.revenue: "));
        }
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).countEver("Product Viewed") == 1);
    }

    @Test
    void anNdjsonLineThatIsNotUtf8IsRefusedAloneAndTheImportCarriesOn() {
        String customer = "import-utf8-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream ndjson = new java.io.ByteArrayOutputStream();
        String line = "{\"type\":\"track\",\"userId\":\"" + customer + "\",\"event\":\"Product Viewed\"";
        ndjson.writeBytes((line + ",\"properties\":{\"category\":\"").getBytes(StandardCharsets.UTF_8));
        ndjson.writeBytes(new byte[] {(byte) 0xC3, 0x28});
        ndjson.writeBytes("\"}}\n".getBytes(StandardCharsets.UTF_8));
        ndjson.writeBytes((line + "}\n").getBytes(StandardCharsets.UTF_8));
        JsonPath report = imported("application/x-ndjson", ndjson.toByteArray());
        assertThat(report.getString("status")).as(report.prettify()).isEqualTo("DONE");
        assertThat(report.getLong("imported")).isEqualTo(1);
        assertThat(report.getList("refusals.line", Integer.class)).containsExactly(1);
        assertThat(report.getString("refusals[0].detail")).isEqualTo("is not valid UTF-8");
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).countEver("Product Viewed") == 1);
    }

    @Test
    void aCsvImportRefusesImplausibleRowsByColumnAndCarriesOn() {
        String customer = "csv-" + UUID.randomUUID();
        String csv = String.join(
                        "\n",
                        "user_id,event,timestamp,revenue,price",
                        customer + ",Order Completed,0001-01-01T00:00:00Z,5,1",
                        customer + ",Order Completed,,1e2147483648,1",
                        customer + ",Order Completed,,1e400,1",
                        customer + ",Product Viewed,,,-1e999999999",
                        customer + ",Order Completed,,NaN,1",
                        customer + ",Order Completed,2998-01-01T00:00:00Z,5,1",
                        customer + ",Order Completed,,12.5,3")
                + "\n";
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            JsonPath report = imported("text/csv", csv.getBytes(StandardCharsets.UTF_8));
            assertThat(report.getString("status")).as(report.prettify()).isEqualTo("DONE");
            assertThat(report.getLong("imported")).isEqualTo(1);
            assertThat(report.getList("refusals.line", Integer.class)).containsExactly(2, 3, 4, 5, 6, 7);
            assertThat(report.getList("refusals.field", String.class))
                    .containsExactly("timestamp", "revenue", "revenue", "price", "revenue", "timestamp");
            assertThat(deadLetters.awaitMatching(record -> customer.equals(record.key()), 6))
                    .extracting(record -> header(record, RefusedCallPublisher.REASON_HEADER))
                    .allSatisfy(reason -> assertThat(reason).containsAnyOf("timestamp: is ", "revenue: ", "price: "));
        }
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).countEver("Order Completed") == 1);
        assertThat(factsOf(customer).sum("Order Completed", "revenue", Duration.ofDays(30)))
                .isEqualTo(12.5);
        assertThat(factsOf(customer).countEver("Product Viewed")).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {-62135596800L, 0L, 946684799L, 253402300799L, Long.MAX_VALUE, Long.MIN_VALUE})
    void theSendGridWebhookRefusesAnEventWithAnImplausibleTimeAloneNamingItAndDeadLettersIt(long seconds) {
        String email = "sendgrid-" + UUID.randomUUID() + "@example.com";
        String body = "[{\"event\":\"open\",\"email\":\"" + email + "\",\"timestamp\":1767225600},"
                + "{\"event\":\"click\",\"email\":\"" + email + "\",\"timestamp\":" + seconds + "}]";
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            given().contentType(ContentType.JSON)
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/v1/webhooks/sendgrid")
                    .then()
                    .statusCode(200)
                    .body("accepted", equalTo(1))
                    .body("refused[0].index", equalTo(1))
                    .body("refused[0].field", equalTo("[1].timestamp"));
            assertThat(deadLetters.awaitMatching(record -> email.equals(record.key()), 1))
                    .singleElement()
                    .satisfies(record -> {
                        assertThat(header(record, RefusedCallPublisher.REASON_HEADER))
                                .startsWith("[1].timestamp: is ");
                        assertThat(record.value()).contains("\"timestamp\":" + seconds);
                    });
        }
        await().atMost(FACTS_WAIT).until(() -> factsOf(email).countEver("Email Opened") == 1);
        assertThat(factsOf(email).countEver("Email Link Clicked")).isZero();
    }

    /** Imports {@code body} as events and answers the import's report once it has finished. */
    private static JsonPath imported(String contentType, byte[] body) {
        long id = given().queryParam("kind", "events")
                .contentType(contentType)
                .body(body)
                .post("/admin/imports")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !List.of("QUEUED", "RUNNING")
                        .contains(given().get("/admin/imports/" + id)
                                .then()
                                .extract()
                                .path("status")));
        return given().get("/admin/imports/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
