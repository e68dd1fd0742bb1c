package dev.tailor.schema;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsConfig;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.facts.UnplacedTombstones;
import dev.tailor.pipeline.EventReplay;
import dev.tailor.shared.redis.RedisKeyScan;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The test profile renames {@code total} of "Order Completed" to {@code revenue} and {@code cat} of "Product
 * Viewed" to {@code category}: facts kept under the old names, old records in the log and new events count together.
 */
@QuarkusTest
class PropertyRenameTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final FactSchema BEFORE = FactSchema.parse("""
            events:
              Order Completed: {window: 400d, sum: [total]}
              Product Viewed: {window: 30d, by: [cat]}
            """.getBytes(StandardCharsets.UTF_8));
    private static final FactSchema AFTER = FactSchema.parse("""
            events:
              Order Completed: {window: 400d, sum: [revenue]}
              Product Viewed: {window: 30d, by: [category]}
            """.getBytes(StandardCharsets.UTF_8));

    @Inject
    FactsStore store;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    FactsConfig factsConfig;

    @Inject
    TrackedFacts tracked;

    @Inject
    RedisKeyScan keyScan;

    @Inject
    EventReplay replay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static CustomerEvent track(
            String customer, String event, Instant at, Map<String, Object> properties, Integer schemaVersion) {
        return new CustomerEvent(
                "track",
                UUID.randomUUID().toString(),
                customer,
                customer,
                null,
                null,
                event,
                properties,
                Map.of(),
                at,
                at,
                schemaVersion,
                null,
                null);
    }

    @Test
    void factsKeptUnderTheOldNamesReadAndGrowUnderTheNewOnes() {
        String customer = "rename-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // What the deployment before the rename kept, with no rename configured.
        FactsStore before = new FactsStore(
                redis, json, factsConfig, tracked, new EventUpgrader(Map.of()), keyScan, new UnplacedTombstones());
        before.apply(
                        track(customer, "Order Completed", now.minus(Duration.ofDays(30)), Map.of("total", 50), 2),
                        now,
                        BEFORE)
                .await()
                .atMost(WAIT);
        before.apply(
                        track(customer, "Product Viewed", now.minus(Duration.ofDays(2)), Map.of("cat", "Shoes"), 2),
                        now,
                        BEFORE)
                .await()
                .atMost(WAIT);

        Customer kept = store.read(customer, now, AFTER).await().atMost(WAIT);
        assertThat(kept.sum("Order Completed", "revenue", Duration.ofDays(90))).isEqualTo(50.0);
        assertThat(kept.count("Product Viewed", "category", "shoes", Duration.ofDays(7)))
                .isEqualTo(1);

        // A new event, and a record in the old format still carrying the old name, join the kept history.
        store.apply(
                        track(customer, "Order Completed", now.minus(Duration.ofDays(1)), Map.of("revenue", 20), 2),
                        now,
                        AFTER)
                .await()
                .atMost(WAIT);
        store.apply(
                        track(customer, "Order Completed", now.minus(Duration.ofHours(3)), Map.of("total", 30), null),
                        now,
                        AFTER)
                .await()
                .atMost(WAIT);
        store.apply(
                        track(
                                customer,
                                "Product Viewed",
                                now.minus(Duration.ofHours(1)),
                                Map.of("category", "shoes"),
                                2),
                        now,
                        AFTER)
                .await()
                .atMost(WAIT);

        Customer grown = store.read(customer, now, AFTER).await().atMost(WAIT);
        assertThat(grown.sum("Order Completed", "revenue", Duration.ofDays(90))).isEqualTo(100.0);
        assertThat(grown.sum("Order Completed", "revenue", Duration.ofDays(7))).isEqualTo(50.0);
        assertThat(grown.count("Order Completed", Duration.ofDays(90))).isEqualTo(3);
        assertThat(grown.count("Product Viewed", "category", "shoes", Duration.ofDays(7)))
                .isEqualTo(2);
    }

    @Test
    void oldAndNewEventsInTheLogCountTogetherLiveAndReplayed() {
        String customer = "rename-" + UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        // A record as Tailor wrote it before schemaVersion existed, sent when the property was still "total".
        String oldRecord = """
                {"type":"track","messageId":"%s","customerId":"%s","userId":"%s","event":"Order Completed",
                 "properties":{"total":70},"traits":{},"timestamp":"%s","receivedAt":"%s"}""".formatted(UUID.randomUUID(), customer, customer, at, at);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                bootstrap,
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>("tailor.events.v1", customer, oldRecord));
            producer.flush();
        }
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "userId",
                        customer,
                        "event",
                        "Order Completed",
                        "timestamp",
                        at.plusSeconds(60).toString(),
                        "properties",
                        Map.of("revenue", 30)))
                .post("/v1/track")
                .then()
                .statusCode(200);

        // Generous: the facts consumer shares two cores with other test runs.
        await().atMost(Duration.ofMinutes(2)).until(() -> revenue(customer) == 100.0);

        replay.replay(Set.of(customer), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(revenue(customer)).isEqualTo(100.0);
    }

    private double revenue(String customer) {
        return store.read(customer, Instant.now())
                .await()
                .atMost(WAIT)
                .sum("Order Completed", "revenue", Duration.ofDays(90));
    }
}
