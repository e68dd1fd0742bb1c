package dev.tailor.facts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.events.CustomerEvent;
import dev.tailor.hygiene.TestHygieneConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Segment's reserved traits arrive as {@code firstName} from analytics.js and analytics-node and as
 * {@code first_name} from the Ruby and Python libraries: rules, normalisation, audits and the duplicate search read
 * them as one trait.
 */
@QuarkusTest
class ReservedTraitsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    FactsStore facts;

    private static void identify(String customerId, String traits) {
        given().contentType(ContentType.JSON)
                .body("""
                {"userId":"%s","traits":%s}""".formatted(customerId, traits))
                .post("/v1/identify")
                .then()
                .statusCode(200);
    }

    private static String firstName(String customerId) {
        return given().get("/v1/decisions/{id}", customerId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("variables.first_name");
    }

    @Test
    void aCamelCaseFirstNameReachesTheSnakeCaseVariableAndALaterSnakeCaseOneReplacesIt() {
        String customer = "reserved-" + UUID.randomUUID();
        identify(customer, """
                {"firstName":"Jane"}""");
        await().atMost(WAIT).until(() -> "Jane".equals(firstName(customer)));

        identify(customer, """
                {"first_name":"Janet"}""");
        await().atMost(WAIT).until(() -> "Janet".equals(firstName(customer)));

        identify(customer, """
                {"firstName":null}""");
        await().atMost(WAIT).until(() -> "there".equals(firstName(customer)));
    }

    @Test
    void storedFactsKeepOneSpellingThatEveryReaderFinds() {
        String customer = "reserved-" + UUID.randomUUID();
        Instant now = Instant.now();
        facts.apply(new CustomerEvent(
                        "identify",
                        UUID.randomUUID().toString(),
                        customer,
                        customer,
                        null,
                        null,
                        null,
                        Map.of(),
                        Map.of("last_name", "Lovelace", "created_at", "2026-01-31T11:00:00Z"),
                        now,
                        now))
                .await()
                .atMost(WAIT);

        CustomerProfile profile =
                facts.profiles(List.of(customer), now).await().atMost(WAIT).get(0);
        assertThat(profile.traits())
                .containsEntry("lastName", "Lovelace")
                .containsEntry("createdAt", "2026-01-31T11:00:00Z")
                .doesNotContainKeys("last_name", "created_at");
        Customer read = facts.read(customer, now, FactSchema.NONE).await().atMost(WAIT);
        assertThat(read.trait("last_name")).isEqualTo("Lovelace");
        assertThat(read.trait("lastName", "?")).isEqualTo("Lovelace");
        assertThat(read.trait("created_at", "?")).isEqualTo("2026-01-31T11:00:00Z");
    }

    @Test
    void factsStoredUnderTheOtherSpellingBeforeStillRead() {
        Customer legacy = new Customer(
                "legacy",
                1,
                Instant.now(),
                FactSchema.NONE,
                Map.of("first_name", "Ada", "lastName", "King", "last_name", "Byron"),
                Map.of(),
                Map.of());
        assertThat(legacy.trait("firstName", "there")).isEqualTo("Ada");
        // The camelCase spelling is the one written last.
        assertThat(legacy.trait("last_name", "?")).isEqualTo("King");
    }

    @Test
    void normalisationOfOneSpellingCoversTheOther() {
        TestHygieneConfig onlySnake = new TestHygieneConfig(
                true,
                java.util.Optional.empty(),
                List.of("email"),
                List.of("phone"),
                List.of("first_name"),
                List.of("country"),
                List.of("created_at"));
        assertThat(onlySnake
                        .normalizer()
                        .normalize(Map.of("firstName", " Ｊａｎｅ ", "createdAt", "2026-01-31T12:00:00+01:00")))
                .containsEntry("firstName", "Jane")
                .containsEntry("createdAt", "2026-01-31T11:00:00Z");
    }

    @Test
    void theListIsSegmentsOwn() {
        assertThat(ReservedTraits.ALL)
                .contains("firstName", "lastName", "createdAt", "email", "phone", "address")
                .hasSize(17);
        assertThat(ReservedTraits.spellings("first_name")).containsExactly("firstName", "first_name");
        assertThat(ReservedTraits.spellings("loyalty_tier")).containsExactly("loyalty_tier");
    }
}
