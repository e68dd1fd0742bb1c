package dev.tailor.imports;

import static dev.tailor.testing.TopicReader.DEAD_LETTERS;
import static dev.tailor.testing.TopicReader.EVENTS;
import static dev.tailor.testing.TopicReader.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.ingest.RefusedCallPublisher;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Bulk imports through the real Kafka into the real Redis, recorded in the real PostgreSQL: each line checked as a
 * live call, refused lines reported by line and field and dead-lettered, imported history counted in facts and
 * decisions, a re-imported file counted once.
 */
@QuarkusTest
class ImportResourceTest {

    /** Generous: the facts consumer shares two cores with other test runs. */
    private static final Duration FACTS_WAIT = Duration.ofMinutes(2);

    @Inject
    FactsStore facts;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static long upload(String kind, String contentType, String body, Map<String, String> query) {
        return given().queryParam("kind", kind)
                .queryParams(query)
                .contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/admin/imports")
                .then()
                .statusCode(202)
                .body("status", equalTo("QUEUED"))
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static JsonPath finished(long id) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String status = given().get("/admin/imports/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("status");
                    return "DONE".equals(status) || "FAILED".equals(status);
                });
        return given().get("/admin/imports/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Customer factsOf(String customer) {
        return facts.read(customer, Instant.now()).await().atMost(Duration.ofSeconds(5));
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + value, e);
        }
    }

    @Test
    void customersCsvMapsColumnsMergesKnownCustomersAndReportsBadRows() {
        String run = UUID.randomUUID().toString();
        String newcomer = "import-new-" + run;
        String known = "import-known-" + run;
        String short_ = "import-short-" + run;
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", known, "traits", Map.of("loyalty_tier", "gold", "first_name", "Robert")))
                .post("/v1/identify")
                .then()
                .statusCode(200);
        await().atMost(FACTS_WAIT).until(() -> factsOf(known).isKnown());
        String csv = """
                Customer No,E-Mail,first_name,loyalty_tier,orders,zip
                %s,ADA@Example.com,Ada,silver,3,01234
                %s,bob@example.com,Bob,,1,
                ,nobody-%s@example.com,Nobody,gold,0,
                %s,x@example.com,X,gold
                """.formatted(newcomer, known, run, short_);

        try (TopicReader deadLetters = new TopicReader(bootstrap, DEAD_LETTERS)) {
            long id = upload(
                    "customers",
                    "text/csv",
                    csv,
                    Map.of("map", "Customer No:user_id,E-Mail:email", "source", "crm-" + run));
            JsonPath report = finished(id);

            assertThat(report.getString("status")).isEqualTo("DONE");
            assertThat(report.getLong("linesRead")).isEqualTo(4);
            assertThat(report.getLong("imported")).isEqualTo(2);
            assertThat(report.getLong("refused")).isEqualTo(2);
            assertThat(report.getLong("merged")).isEqualTo(1);
            assertThat(report.getList("refusals.line", Integer.class)).containsExactly(4, 5);
            assertThat(report.getList("refusals.field", String.class)).containsExactly("Customer No", "line");
            assertThat(report.getString("refusals[0].detail")).isEqualTo("userId or anonymousId is required");
            assertThat(report.getString("refusals[1].detail")).isEqualTo("has 4 values; the header has 6 columns");

            List<ConsumerRecord<String, String>> dead = deadLetters.awaitMatching(
                    record -> short_.equals(record.key()) || record.value().contains("nobody-" + run), 2);
            assertThat(dead)
                    .allSatisfy(record -> assertThat(header(record, RefusedCallPublisher.SOURCE_HEADER))
                            .isEqualTo("import " + id));
            assertThat(dead)
                    .extracting(record -> header(record, RefusedCallPublisher.INDEX_HEADER))
                    .containsExactlyInAnyOrder("4", "5");
            assertThat(dead)
                    .extracting(record -> header(record, RefusedCallPublisher.REASON_HEADER))
                    .contains("Customer No: userId or anonymousId is required");
        }

        await().atMost(FACTS_WAIT).until(() -> "Bob".equals(factsOf(known).trait("first_name")));
        Customer merged = factsOf(known);
        assertThat(merged.trait("loyalty_tier")).isEqualTo("gold"); // an empty cell sets nothing
        assertThat(merged.trait("email")).isEqualTo("bob@example.com");
        await().atMost(FACTS_WAIT).until(() -> factsOf(newcomer).isKnown());
        Customer added = factsOf(newcomer);
        assertThat(added.trait("email")).isEqualTo("ada@example.com"); // normalised like a live identify
        assertThat(added.trait("orders")).isEqualTo(3);
        assertThat(added.trait("zip")).isEqualTo("01234");
    }

    @Test
    void eventsCsvBecomesHistoryThatRulesSeeAndAReimportCountsOnce() {
        String customer = "import-events-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String csv = """
                user_id,event,timestamp,revenue,category,coupon
                %1$s,Order Completed,%2$s,120.5,shoes,0042
                %1$s,Order Completed,last tuesday,10,shoes,
                %1$s,Product Viewed,%3$s,,shoes,
                """.formatted(customer, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(2)));

        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            JsonPath report = finished(upload("events", "text/csv", csv, Map.of()));
            assertThat(report.getLong("imported")).isEqualTo(2);
            assertThat(report.getLong("refused")).isEqualTo(1);
            assertThat(report.getList("refusals.field", String.class)).containsExactly("timestamp");
            assertThat(report.getList("refusals.line", Integer.class)).containsExactly(3);

            JsonNode order = read(events.awaitMatching(record -> customer.equals(record.key()), 2)
                    .get(0)
                    .value());
            assertThat(order.path("properties").path("revenue").isNumber()).isTrue();
            assertThat(order.path("properties").path("coupon").asText()).isEqualTo("0042");
            assertThat(order.path("timestamp").asText())
                    .isEqualTo(now.minus(Duration.ofDays(30)).toString());
        }
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).count("Product Viewed", Duration.ofDays(7)) == 1);
        assertThat(factsOf(customer).count("Order Completed", Duration.ofDays(90)))
                .isEqualTo(1);
        assertThat(factsOf(customer).count("Order Completed", Duration.ofDays(7)))
                .isZero();
        assertThat(factsOf(customer).sum("Order Completed", "revenue", Duration.ofDays(365)))
                .isEqualTo(120.5);
        given().get("/v1/decisions/" + customer)
                .then()
                .statusCode(200)
                .body("segments.name", hasItem("recent_purchaser"));

        // The same file again: same messageIds, so nothing counts twice.
        JsonPath again = finished(upload("events", "text/csv", csv, Map.of()));
        assertThat(again.getLong("imported")).isEqualTo(2);
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", customer, "event", "Page Viewed"))
                .post("/v1/track")
                .then()
                .statusCode(200);
        // One customer, one partition, in order: once the live event is applied, so is the re-import.
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).countEver("Page Viewed") == 1);
        assertThat(factsOf(customer).countEver("Order Completed")).isEqualTo(1);
        assertThat(factsOf(customer).sum("Order Completed", "revenue", Duration.ofDays(365)))
                .isEqualTo(120.5);
    }

    @Test
    void ndjsonLinesAreSegmentCallsAndBadLinesAreRefusedByLine() {
        String customer = "import-ndjson-" + UUID.randomUUID();
        String at = Instant.now()
                .minus(Duration.ofDays(10))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String ndjson = """
                {"userId":"%1$s","event":"Order Completed","timestamp":"%2$s","properties":{"revenue":5}}

                {"type":"identify","userId":"%1$s","traits":{"loyalty_tier":"gold"},"context":{"source":"crm"}}
                {"type":"track","userId":"%1$s","event":
                {"type":"track","event":"Nobody's"}
                {"type":"track","userId":"%1$s","event":"Product Added","timestamp":"yesterday"}
                ["not","an","object"]
                """.formatted(customer, at);

        JsonPath report = finished(upload("events", "application/x-ndjson", ndjson, Map.of()));

        assertThat(report.getLong("linesRead")).isEqualTo(6);
        assertThat(report.getLong("imported")).isEqualTo(2);
        assertThat(report.getList("refusals.line", Integer.class)).containsExactly(4, 5, 6, 7);
        assertThat(report.getList("refusals.field", String.class))
                .containsExactly("line", "userId", "timestamp", "line");
        await().atMost(FACTS_WAIT).until(() -> "gold".equals(factsOf(customer).trait("loyalty_tier")));
        await().atMost(FACTS_WAIT).until(() -> factsOf(customer).count("Order Completed", Duration.ofDays(30)) == 1);
    }

    @Test
    void uploadsThatCannotBeImportedAreRefusedNamingTheField() {
        given().queryParam("kind", "people")
                .contentType("text/csv")
                .body("user_id\nu-1\n")
                .post("/admin/imports")
                .then()
                .statusCode(400)
                .body("field", equalTo("kind"));
        given().queryParam("kind", "events")
                .contentType("text/plain")
                .body("user_id\nu-1\n")
                .post("/admin/imports")
                .then()
                .statusCode(400)
                .body("field", equalTo("Content-Type"));
        given().queryParam("kind", "events")
                .contentType("text/csv")
                .body("email,event\na@b.c,Signed Up\n")
                .post("/admin/imports")
                .then()
                .statusCode(400)
                .body("field", equalTo("user_id"));
        given().queryParam("kind", "events")
                .contentType("text/csv")
                .body("user_id,timestamp\nu-1,\n")
                .post("/admin/imports")
                .then()
                .statusCode(400)
                .body("field", equalTo("event"));
        given().queryParam("kind", "customers")
                .queryParam("map", "Nope:email")
                .contentType("text/csv")
                .body("user_id\nu-1\n")
                .post("/admin/imports")
                .then()
                .statusCode(400)
                .body("field", equalTo("map"));
        given().get("/admin/imports/987654321").then().statusCode(404).contentType("application/problem+json");
    }
}
