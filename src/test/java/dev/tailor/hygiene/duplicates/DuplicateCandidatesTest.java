package dev.tailor.hygiene.duplicates;

import static dev.tailor.hygiene.StoredCustomers.birthday;
import static dev.tailor.hygiene.StoredCustomers.identify;
import static dev.tailor.hygiene.StoredCustomers.newId;
import static dev.tailor.hygiene.StoredCustomers.word;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.facts.FactsStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Duplicate runs over the real customer store, listed with scores and reasons; a rejected pair stays out. */
@QuarkusTest
class DuplicateCandidatesTest {

    @Inject
    FactsStore facts;

    @Inject
    DuplicateService duplicates;

    /** Two profiles of one person (a typo in the surname, the e-mail written differently) and a stranger. */
    private String[] seedOnePersonTwiceAndAStranger() {
        String given = word();
        String surname = word();
        String born = birthday();
        String street = word();
        String a = newId("dup");
        String b = newId("dup");
        String stranger = newId("dup");
        identify(
                facts,
                a,
                Map.of(
                        "firstName",
                        given,
                        "lastName",
                        surname,
                        "birthday",
                        born,
                        "email",
                        given.toLowerCase() + "." + surname.toLowerCase() + "@example.com",
                        "address",
                        Map.of("street", "12 " + street + " Lane", "city", "Bristol", "postalCode", "BS1 4DJ")));
        // The same person: a typo in the surname, snake-case traits, the birthday as a date-time, no e-mail.
        identify(
                facts,
                b,
                Map.of(
                        "first_name",
                        given,
                        "last_name",
                        surname.substring(0, 9) + "x",
                        "birthday",
                        born + "T00:00:00Z",
                        "address",
                        Map.of("street", "12 " + street + " Ln", "city", "Bristol", "postalCode", "BS1 4DJ")));
        identify(
                facts,
                stranger,
                Map.of(
                        "firstName",
                        word(),
                        "lastName",
                        word(),
                        "birthday",
                        birthday(),
                        "address",
                        Map.of("street", "9 " + word() + " Road", "city", "Leeds", "postalCode", "LS2 7HY")));
        return new String[] {a, b, stranger};
    }

    private static List<Map<String, Object>> listed(String status, String a) {
        return given()
                .queryParam("status", status)
                .queryParam("minScore", "0")
                .get("/admin/duplicates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<Map<String, Object>>getList("items")
                .stream()
                .filter(c -> a.equals(c.get("customerA")) || a.equals(c.get("customerB")))
                .toList();
    }

    @Test
    void aRunListsTheProbableDuplicateWithScoreAndReasonsAndARejectedPairStaysOut() {
        String[] seeded = seedOnePersonTwiceAndAStranger();
        String a = seeded[0].compareTo(seeded[1]) < 0 ? seeded[0] : seeded[1];
        String b = a.equals(seeded[0]) ? seeded[1] : seeded[0];

        JsonPath run = given().post("/admin/duplicates/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(run.getInt("customers")).isGreaterThanOrEqualTo(3);
        assertThat(run.getInt("added")).isGreaterThanOrEqualTo(1);

        List<Map<String, Object>> found = listed("open", a);
        assertThat(found).hasSize(1);
        Map<String, Object> candidate = found.get(0);
        assertThat(candidate.get("customerA")).isEqualTo(a);
        assertThat(candidate.get("customerB")).isEqualTo(b);
        assertThat(((Number) candidate.get("score")).doubleValue()).isBetween(0.5, 1.0);
        assertThat((List<String>) candidate.get("reasons"))
                .isNotEmpty()
                .anySatisfy(reason -> assertThat(reason).contains("surname"));
        assertThat(listed("open", seeded[2])).isEmpty();

        long id = ((Number) candidate.get("id")).longValue();
        given().queryParam("decidedBy", "ana")
                .post("/admin/duplicates/{id}/reject", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("rejected"))
                .body("decidedBy", equalTo("ana"));
        assertThat(listed("open", a)).isEmpty();

        JsonPath again = given().post("/admin/duplicates/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(again.getInt("keptOut")).isGreaterThanOrEqualTo(1);
        assertThat(listed("open", a)).isEmpty();
        assertThat(listed("rejected", a))
                .singleElement()
                .satisfies(rejected ->
                        assertThat(((Number) rejected.get("id")).longValue()).isEqualTo(id));
    }

    @Test
    void theListFiltersByScoreAndErasingACustomerRemovesItsCandidates() {
        String[] seeded = seedOnePersonTwiceAndAStranger();
        duplicates.run();
        assertThat(listed("open", seeded[0])).hasSize(1);
        List<Map<String, Object>> aboveAll = given().queryParam("minScore", "1")
                .get("/admin/duplicates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertThat(aboveAll)
                .allSatisfy(
                        c -> assertThat(((Number) c.get("score")).doubleValue()).isEqualTo(1.0));

        assertThat(duplicates.erase(Set.of(seeded[1]))).isEqualTo(1);
        assertThat(listed("open", seeded[0])).isEmpty();
    }

    @Test
    void badParametersAndUnknownCandidatesAreProblems() {
        given().queryParam("minScore", "1.5")
                .get("/admin/duplicates")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("minScore"));
        given().queryParam("status", "maybe")
                .get("/admin/duplicates")
                .then()
                .statusCode(400)
                .body("field", equalTo("status"));
        given().queryParam("page", "-1")
                .get("/admin/duplicates")
                .then()
                .statusCode(400)
                .body("field", equalTo("page"));
        given().post("/admin/duplicates/{id}/reject", Long.MAX_VALUE)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    /** Through the HTTP API and Kafka, so that the event log holds what an unmerge rebuilds from. */
    private static void sent(String path, Map<String, Object> call) {
        given().contentType(io.restassured.http.ContentType.JSON)
                .body(call)
                .post("/v1/" + path)
                .then()
                .statusCode(200);
    }

    private dev.tailor.facts.Customer factsOf(String id) {
        return facts.read(id, java.time.Instant.now()).await().atMost(java.time.Duration.ofSeconds(5));
    }

    @Test
    void aMergedCandidateBecomesOneCustomerAndAnUnmergeSeparatesThemAgain() {
        String given = word();
        String surname = word();
        String born = birthday();
        String one = newId("dup");
        String other = newId("dup");
        Map<String, Object> address =
                Map.of("street", "4 " + word() + " Street", "city", "York", "postalCode", "YO1 7HH");
        sent(
                "identify",
                Map.of(
                        "userId",
                        one,
                        "traits",
                        Map.of("firstName", given, "lastName", surname, "birthday", born, "address", address)));
        sent(
                "identify",
                Map.of(
                        "userId",
                        other,
                        "traits",
                        Map.of("first_name", given, "last_name", surname, "birthday", born, "address", address)));
        sent("track", Map.of("userId", other, "event", "Order Completed", "properties", Map.of("revenue", 30)));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> factsOf(other).countEver("Order Completed") == 1
                        && factsOf(one).isKnown());
        given().post("/admin/duplicates/runs").then().statusCode(200);
        String a = one.compareTo(other) < 0 ? one : other;
        long id = ((Number) listed("open", a).get(0).get("id")).longValue();

        given().queryParam("survivor", "someone-else")
                .post("/admin/duplicates/{id}/merge", id)
                .then()
                .statusCode(400)
                .body("field", equalTo("survivor"));
        given().queryParam("survivor", one)
                .queryParam("decidedBy", "ana")
                .post("/admin/duplicates/{id}/merge", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("merged"));
        assertThat(factsOf(other).getId()).isEqualTo(one);
        assertThat(factsOf(one).countEver("Order Completed")).isEqualTo(1);
        assertThat(listed("merged", a)).hasSize(1);
        given().post("/admin/duplicates/{id}/reject", id).then().statusCode(409);

        given().post("/admin/duplicates/{id}/unmerge", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("rejected"));
        assertThat(factsOf(other).getId()).isEqualTo(other);
        assertThat(factsOf(other).countEver("Order Completed")).isEqualTo(1);
        assertThat(factsOf(one).countEver("Order Completed")).isZero();
        assertThat(factsOf(one).isKnown()).isTrue();
    }
}
