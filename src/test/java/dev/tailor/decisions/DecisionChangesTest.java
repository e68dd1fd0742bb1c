package dev.tailor.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Decisions change because events arrive and because time passes: each change is recorded and announced once,
 * through the real Kafka, Redis and the due-time sweeper.
 */
@QuarkusTest
class DecisionChangesTest {

    @Inject
    SegmentsChangedRecorder recorder;

    @Inject
    DecisionStateStore states;

    private static void track(
            String userId, String event, Instant timestamp, String messageId, Map<String, Object> properties) {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "userId",
                        userId,
                        "event",
                        event,
                        "messageId",
                        messageId,
                        "timestamp",
                        timestamp.toString(),
                        "properties",
                        properties))
                .post("/v1/track")
                .then()
                .statusCode(200);
    }

    private Optional<List<String>> recorded(String customerId) {
        return states.recordedSegments(customerId, "marketing").await().atMost(Duration.ofSeconds(5));
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anEventThatChangesSegmentsIsAnnouncedOnceEvenWhenRedelivered() {
        String customer = "changes-" + UUID.randomUUID();
        TopicReader changes = new TopicReader(bootstrap, "tailor.segment-changes.v1");
        String messageId = UUID.randomUUID().toString();
        track(customer, "Product Added", Instant.now(), messageId, Map.of());
        track(customer, "Product Added", Instant.now(), messageId, Map.of());
        track(customer, "Page Viewed", Instant.now(), UUID.randomUUID().toString(), Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(customer).isPresent());
        await().pollDelay(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> recorder.of(customer).size() == 1);
        SegmentsChanged change = recorder.of(customer).get(0);
        assertThat(change.cause()).isEqualTo(Cause.EVENT);
        assertThat(change.entered()).containsExactly("cart_abandoner");
        assertThat(change.exited()).isEmpty();
        assertThat(change.ruleSet()).isEqualTo("marketing");
        assertThat(recorded(customer)).contains(List.of("cart_abandoner"));

        changes.awaitMatching(TopicReader.keyedBy(customer), 1);
        List<ConsumerRecord<String, String>> published =
                changes.within(Duration.ofMillis(500), TopicReader.keyedBy(customer));
        changes.close();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).value())
                .contains("\"entered\":[\"cart_abandoner\"]")
                .contains("\"changeId\":\"" + change.changeId() + "\"");
    }

    @Test
    void timeAloneEndsACartAbandonmentAndTheSweeperAnnouncesIt() {
        String customer = "changes-" + UUID.randomUUID();
        // The cart turns 24 hours old twenty seconds from now: time enough for a consumer that is still joining its
        // group to apply the event while the customer is an abandoner.
        Instant added = Instant.now().minus(Duration.ofHours(24)).plus(Duration.ofSeconds(20));
        track(customer, "Product Added", added, UUID.randomUUID().toString(), Map.of());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> recorded(customer).equals(Optional.of(List.of("cart_abandoner"))));
        // The due-time entry is written right after the decision record, in the refresh's next round trip.
        Optional<Instant> due = await().atMost(Duration.ofSeconds(10))
                .until(() -> states.due(customer).await().atMost(Duration.ofSeconds(5)), Optional::isPresent);
        assertThat(Duration.between(added.plus(Duration.ofHours(24)), due.get()).abs())
                .isLessThan(Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(45)).until(() -> recorded(customer).equals(Optional.of(List.of())));
        // The change is announced once Kafka has it, a moment after the record in Redis.
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.of(customer).size() >= 2);
        List<SegmentsChanged> changes = recorder.of(customer);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).cause()).isEqualTo(Cause.TIME);
        assertThat(changes.get(1).exited()).containsExactly("cart_abandoner");
        // Nothing left that time alone could change.
        assertThat(states.due(customer).await().atMost(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void explainNamesTheRulesThatPutSegmentsInAndWhatTookThemOut() {
        String customer = "explain-" + UUID.randomUUID();
        track(
                customer,
                "Order Completed",
                Instant.now().minus(Duration.ofDays(40)),
                UUID.randomUUID().toString(),
                Map.of("revenue", 30));
        track(customer, "Product Added", Instant.now(), UUID.randomUUID().toString(), Map.of());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> recorded(customer).isPresent()
                        && recorded(customer).get().contains("recent_purchaser"));
        JsonPath decision = given().get("/v1/decisions/{id}?explain=true", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(decision.getList("segments.name", String.class))
                .containsExactly("lifecycle_active", "recent_purchaser");
        assertThat(decision.getString("segments.find { it.name == 'lifecycle_active' }.group"))
                .isEqualTo("lifecycle");
        assertThat(decision.getList(
                        "explanation.segments.find { it.segment == 'recent_purchaser' }.rules", String.class))
                .containsExactly("RecentPurchaser");
        assertThat(decision.getMap("explanation.removed.find { it.segment == 'cart_abandoner' }"))
                .containsEntry("by", "rule")
                .containsEntry("name", "RecentPurchaserExcludesCartAbandoner");
        assertThat(decision.getMap("explanation.removed.find { it.segment == 'lifecycle_lapsed' }"))
                .containsEntry("by", "group")
                .containsEntry("name", "lifecycle")
                .containsEntry("winner", "lifecycle_active");
        assertThat(decision.getString("explanation.variables.loyalty_tier")).isEqualTo("LoyaltyTier");
        assertThat(decision.getInt("ruleSet.revision")).isPositive();

        assertThat(given().get("/v1/decisions/{id}", customer)
                        .then()
                        .extract()
                        .jsonPath()
                        .getMap("explanation"))
                .isNull();
    }
}
