package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.EVENTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** What a sender sent beyond the fields Tailor uses survives to the event log, with the record's format version. */
@QuarkusTest
class UnknownFieldsTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void contextIntegrationsAndUnknownFieldsReachTheTopic() throws Exception {
        String customer = "extra-" + UUID.randomUUID();
        String body = """
                {"batch":[{"type":"track","userId":"%s","event":"Product Viewed","properties":{"sku":"A-1"},
                  "schemaVersion":"7.2","sentAt":"2026-11-28T12:00:00Z",
                  "context":{"ip":"203.0.113.9","protocols":{"sourceId":"src-1"},"library":{"name":"analytics.js"}},
                  "integrations":{"All":false,"Braze":true},
                  "loyaltyProgramme":{"tier":"gold","since":2019}}]}""".formatted(customer);

        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/batch")
                    .then()
                    .statusCode(200);

            JsonNode stored = json.readTree(events.awaitMatching(r -> customer.equals(r.key()), 1)
                    .get(0)
                    .value());
            assertThat(stored.path("schemaVersion").asInt()).isEqualTo(CustomerEvent.SCHEMA_VERSION);
            assertThat(stored.path("declaredVersion").asText()).isEqualTo("7.2");
            JsonNode extra = stored.path("extra");
            assertThat(extra.path("context").path("ip").asText()).isEqualTo("203.0.113.9");
            assertThat(extra.path("context").path("protocols").path("sourceId").asText())
                    .isEqualTo("src-1");
            assertThat(extra.path("integrations").path("Braze").asBoolean()).isTrue();
            assertThat(extra.path("loyaltyProgramme").path("since").asInt()).isEqualTo(2019);
            assertThat(extra.path("sentAt").asText()).isEqualTo("2026-11-28T12:00:00Z");
            // The fields the record holds itself are not repeated.
            assertThat(extra.has("properties")).isFalse();
            assertThat(extra.has("userId")).isFalse();
            assertThat(stored.path("properties").path("sku").asText()).isEqualTo("A-1");
        }
    }
}
