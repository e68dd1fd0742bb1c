package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.EVENTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Traits are normalised before they reach {@code tailor.events.v1}; times there are UTC. */
@QuarkusTest
class NormalisedTraitsTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private CustomerEvent published(TopicReader events, String customer) {
        try {
            return json.readValue(
                    events.awaitMatching(record -> customer.equals(record.key()), 1)
                            .get(0)
                            .value(),
                    CustomerEvent.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anIdentifiedCustomersTraitsArriveNormalised() {
        String customer = "hygiene-" + UUID.randomUUID();
        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            given().contentType(ContentType.JSON)
                    .body("""
                            {"userId":"%s","timestamp":"2026-11-28T13:00:00+01:00",
                             "traits":{"email":"  Ada.Lovelace@Bücher.DE ","phone":"030 901820","country":"Germany",
                                       "first_name":"  Ａｄａ  ","last_name":"King\\u00a0 Lovelace",
                                       "createdAt":"2026-01-31T12:00:00-05:00","loyalty_tier":"gold"}}""".formatted(customer))
                    .post("/v1/identify")
                    .then()
                    .statusCode(200);

            CustomerEvent event = published(events, customer);
            assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
            assertThat(event.traits())
                    .containsEntry("email", "ada.lovelace@xn--bcher-kva.de")
                    .containsEntry("phone", "+4930901820")
                    .containsEntry("country", "DE")
                    .containsEntry("first_name", "Ada")
                    .containsEntry("last_name", "King Lovelace")
                    .containsEntry("createdAt", "2026-01-31T17:00:00Z")
                    .containsEntry("loyalty_tier", "gold");
        }
    }

    @Test
    void unreadableValuesArriveRawAndTheEventIsStillAccepted() {
        String customer = "hygiene-raw-" + UUID.randomUUID();
        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            given().contentType(ContentType.JSON)
                    .body("""
                            {"batch":[{"type":"identify","userId":"%s",
                              "traits":{"email":"ada at example","phone":"555","country":"Atlantis"}}]}""".formatted(customer))
                    .post("/v1/batch")
                    .then()
                    .statusCode(200);

            assertThat(published(events, customer).traits())
                    .doesNotContainKeys("email", "phone", "country")
                    .containsEntry("email_raw", "ada at example")
                    .containsEntry("phone_raw", "555")
                    .containsEntry("country_raw", "Atlantis");
        }
    }
}
