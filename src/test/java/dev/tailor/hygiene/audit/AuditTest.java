package dev.tailor.hygiene.audit;

import static dev.tailor.hygiene.StoredCustomers.birthday;
import static dev.tailor.hygiene.StoredCustomers.identify;
import static dev.tailor.hygiene.StoredCustomers.newId;
import static dev.tailor.hygiene.StoredCustomers.track;
import static dev.tailor.hygiene.StoredCustomers.word;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.facts.CustomerProfile;
import dev.tailor.facts.FactsStore;
import dev.tailor.hygiene.TraitNormalizer;
import dev.tailor.hygiene.duplicates.DuplicateService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Audits over the real customer store: their findings as issues, resolved when fixed, and as metrics. */
@QuarkusTest
class AuditTest {

    @Inject
    FactsStore facts;

    @Inject
    DuplicateService duplicates;

    @Inject
    DataQualityService issues;

    @Inject
    TraitNormalizer normalizer;

    private static List<Map<String, Object>> issuesOf(String customerId, String kind, String status) {
        return given().queryParam("customerId", customerId)
                .queryParam("kind", kind)
                .queryParam("status", status)
                .get("/admin/data-quality/issues")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    private static JsonPath audit() {
        return given().post("/admin/audits/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void anAuditFindsAMissingEmailAnUnreadablePhoneAndAnEventBurst() {
        String noEmail = newId("audit");
        identify(facts, noEmail, Map.of("firstName", "Wren"));
        String badPhone = newId("audit");
        // As ingest stores it: the normaliser keeps the unreadable number aside as phone_raw.
        identify(facts, badPhone, normalizer.normalize(Map.of("email", "wren@example.com", "phone", "call me")));
        assertThat(profile(badPhone).traits()).containsKey("phone_raw").doesNotContainKey("phone");
        String bot = newId("audit");
        identify(facts, bot, Map.of("email", "bot@example.com"));
        for (int i = 0; i < 150; i++) {
            track(facts, bot, "Page Viewed", Instant.now());
        }
        String fine = newId("audit");
        identify(facts, fine, Map.of("email", "fine@example.com", "phone", "+442079460123"));
        track(facts, fine, "Page Viewed", Instant.now());

        JsonPath report = audit();
        assertThat(report.getLong("customers")).isGreaterThanOrEqualTo(4);
        assertThat(report.getMap("found")).containsKeys("missing-trait", "invalid-trait", "event-burst");

        assertThat(issuesOf(noEmail, "missing-trait", "open")).singleElement().satisfies(issue -> {
            assertThat(issue)
                    .containsEntry("field", "email")
                    .containsEntry("source", "audit")
                    .containsEntry("count", 1);
        });
        assertThat(issuesOf(badPhone, "invalid-trait", "open"))
                .singleElement()
                .satisfies(issue -> assertThat(issue).containsEntry("field", "phone"));
        assertThat(issuesOf(badPhone, "missing-trait", "open")).isEmpty();
        assertThat(issuesOf(bot, "event-burst", "open"))
                .singleElement()
                .satisfies(issue -> assertThat((String) issue.get("detail")).startsWith("150 events in the last hour"));
        assertThat(issuesOf(fine, null, "open")).isEmpty();

        given().get("/admin/audits/latest").then().statusCode(200).body("id", equalTo(report.getInt("id")));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("tailor_data_quality_open_issues\\{kind=\"missing-trait\"[^}]*} [1-9]")
                .contains("tailor_data_quality_found_total{kind=\"event-burst\",source=\"audit\"");
    }

    @Test
    void anIssueFixedBeforeTheNextAuditIsResolvedAndOneStillThereIsCountedAgain() {
        String noEmail = newId("audit");
        identify(facts, noEmail, Map.of("firstName", "Ash"));
        String stillNoEmail = newId("audit");
        identify(facts, stillNoEmail, Map.of("firstName", "Elm"));
        audit();
        identify(facts, noEmail, Map.of("email", "ash@example.com"));

        JsonPath report = audit();
        assertThat(report.getLong("resolved")).isGreaterThanOrEqualTo(1);
        assertThat(issuesOf(noEmail, "missing-trait", "open")).isEmpty();
        assertThat(issuesOf(noEmail, "missing-trait", "resolved"))
                .singleElement()
                .satisfies(issue -> assertThat(issue.get("resolvedAt")).isNotNull());
        assertThat(issuesOf(stillNoEmail, "missing-trait", "open"))
                .singleElement()
                .satisfies(issue -> assertThat(issue).containsEntry("count", 2));
    }

    @Test
    void customersListedAsDuplicatesHaveAnIssueUntilThePairIsRejected() {
        String a = newId("twin");
        String b = newId("twin");
        Map<String, Object> person = Map.of(
                "firstName",
                word(),
                "lastName",
                word(),
                "birthday",
                birthday(),
                "address",
                Map.of("street", "4 " + word() + " Street", "city", "York", "postalCode", "YO1 6AB"));
        identify(facts, a, person);
        identify(facts, b, person);
        duplicates.run();
        audit();
        assertThat(issuesOf(a, "probable-duplicate", "open"))
                .singleElement()
                .satisfies(issue -> assertThat(issue).containsEntry("field", b));
        long candidate = duplicates.open().stream()
                .filter(c -> c.customerA.equals(a) || c.customerB.equals(a))
                .findFirst()
                .orElseThrow()
                .id;

        given().post("/admin/duplicates/{id}/reject", candidate).then().statusCode(200);
        assertThat(issuesOf(a, "probable-duplicate", "open")).isEmpty();
        assertThat(issuesOf(b, "probable-duplicate", "open")).isEmpty();
        audit();
        assertThat(issuesOf(a, "probable-duplicate", "open")).isEmpty();
    }

    @Test
    void erasingACustomerRemovesItsIssues() {
        String noEmail = newId("audit");
        identify(facts, noEmail, Map.of("firstName", "Rowan"));
        audit();
        assertThat(issuesOf(noEmail, null, "open")).isNotEmpty();
        assertThat(issues.erase(Set.of(noEmail))).isPositive();
        assertThat(issuesOf(noEmail, null, "open")).isEmpty();
        assertThat(issuesOf(noEmail, null, "resolved")).isEmpty();
    }

    @Test
    void badFiltersAreProblemsNamingTheField() {
        given().queryParam("kind", "typo")
                .get("/admin/data-quality/issues")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("kind"));
        given().queryParam("status", "closed")
                .get("/admin/data-quality/issues")
                .then()
                .statusCode(400)
                .body("field", equalTo("status"));
        given().queryParam("page", "two")
                .get("/admin/data-quality/issues")
                .then()
                .statusCode(400)
                .body("field", equalTo("page"));
    }

    private CustomerProfile profile(String customerId) {
        return facts.profiles(List.of(customerId), Instant.now())
                .await()
                .atMost(Duration.ofSeconds(5))
                .get(0);
    }
}
