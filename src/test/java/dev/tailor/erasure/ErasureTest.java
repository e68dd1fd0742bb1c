package dev.tailor.erasure;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.facts.UnplacedTombstones;
import dev.tailor.pipeline.EventReplay;
import dev.tailor.shared.redis.HashSlot;
import dev.tailor.testing.LoggedEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Erasure over the real Redis, PostgreSQL and Kafka: everything goes, and neither replay nor redelivery revives it. */
@QuarkusTest
class ErasureTest {

    @Inject
    FactsStore facts;

    @Inject
    EventReplay replay;

    @Inject
    RedisDataSource redis;

    @Inject
    TombstoneMirror mirror;

    @Inject
    UnplacedTombstones unplaced;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Customer factsOf(String id) {
        return facts.read(id, Instant.now()).await().atMost(Duration.ofSeconds(5));
    }

    private static void send(String path, Map<String, Object> call) {
        given().contentType(ContentType.JSON)
                .body(call)
                .post("/v1/" + path)
                .then()
                .statusCode(200);
    }

    private static Map<String, Object> track(String user, String event) {
        return new HashMap<>(Map.of(
                "userId", user, "event", event, "messageId", UUID.randomUUID().toString()));
    }

    @Test
    void anErasedCustomerIsGoneAndStaysGone() {
        String user = "erase-" + UUID.randomUUID();
        String anonymous = "erase-anon-" + UUID.randomUUID();
        String email = user + "@example.com";
        send("track", Map.of("anonymousId", anonymous, "event", "Product Added"));
        send(
                "identify",
                Map.of(
                        "userId",
                        user,
                        "anonymousId",
                        anonymous,
                        "traits",
                        Map.of("email", email, "first_name", "Ada")));
        Map<String, Object> order = track(user, "Order Completed");
        send("track", order);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> factsOf(user).countEver("Order Completed") == 1
                        && factsOf(user).countEver("Product Added") == 1);
        given().get("/v1/decisions/" + user).then().statusCode(200);

        String body = given().contentType(ContentType.JSON)
                .body(Map.of("customerId", email))
                .post("/admin/erasures")
                .then()
                .statusCode(200)
                .body("identifiers", equalTo(3))
                .body("redisKeys", greaterThan(2))
                .body("requestedBy", equalTo("bootstrap"))
                .extract()
                .asString();
        assertThat(body).doesNotContain(user).doesNotContain(anonymous).doesNotContain("example.com");

        for (String id : Set.of(user, anonymous, email)) {
            assertThat(factsOf(id).isKnown()).as(id).isFalse();
            assertThat(redis.key(String.class).keys("tailor:c:{" + id + "}*"))
                    .as(id)
                    .isEmpty();
            assertThat(redis.key(String.class).exists(IdentifierKeys.linkKey(id)))
                    .as(id)
                    .isFalse();
        }
        given().get("/admin/identities/" + user)
                .then()
                .statusCode(200)
                .body("identifiers", empty())
                .body("history", empty());
        given().get("/admin/erasures").then().statusCode(200).body("[0].identifiers", equalTo(3));

        // A replay of the log does not bring the customer back.
        replay.replay(Set.of(user, anonymous), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(factsOf(user).isKnown()).isFalse();
        assertThat(factsOf(anonymous).isKnown()).isFalse();

        // Nor does a late redelivery of an event received before the erasure; an event received after it starts
        // a new profile.
        String late = "{\"type\":\"track\",\"messageId\":\"" + UUID.randomUUID() + "\",\"customerId\":\"" + user
                + "\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\""
                + Instant.now().minusSeconds(60) + "\",\"receivedAt\":\""
                + Instant.now().minusSeconds(60) + "\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("tailor.events.v1", user, late));
        }
        send("track", track(user, "Product Added"));
        await().atMost(Duration.ofSeconds(20)).until(() -> factsOf(user).countEver("Product Added") == 1);
        assertThat(factsOf(user).countEver("Order Completed")).isZero();
        assertThat(factsOf(user).trait("first_name")).isNull();
    }

    /** A track call of {@code user} received at {@code received}, as the log holds it. */
    private static CustomerEvent logged(String user, Instant received) {
        return LoggedEvents.track(user, "Product Added", received);
    }

    private boolean apply(CustomerEvent event) {
        return facts.apply(event).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void tombstonesComeBackToAnEmptiedRedisAndStillRefuseOldEvents() {
        String user = "erase-" + UUID.randomUUID();
        send("track", track(user, "Product Added"));
        await().atMost(Duration.ofSeconds(20)).until(() -> factsOf(user).isKnown());
        Instant beforeErasure = Instant.now();
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", user))
                .post("/admin/erasures")
                .then()
                .statusCode(200);
        // The tombstone sits in the hash of the customer's own slot; a restarted Redis has none.
        String slotHash = TombstoneKeys.of(user);
        assertThat(HashSlot.of(slotHash)).isEqualTo(HashSlot.of(FactsStore.factsKey(user)));
        redis.key(String.class).del(slotHash);

        mirror.mirror();

        assertThat(redis.hash(String.class).hget(slotHash, IdentifierKeys.digest(user)))
                .isNotNull();
        assertThat(apply(logged(user, beforeErasure))).isFalse();
        assertThat(factsOf(user).isKnown()).isFalse();
    }

    @Test
    void theSingleTombstoneHashOfBeforeSlotsIsMovedAndItsTombstonesStillRefuse() {
        String user = "erased-before-slots-" + UUID.randomUUID();
        Instant erasedAt = Instant.now().minusSeconds(60);
        redis.hash(String.class)
                .hset(
                        TombstoneMirror.ERASED_BEFORE_SLOTS,
                        IdentifierKeys.digest(user),
                        Long.toString(erasedAt.toEpochMilli()));

        mirror.migrate();

        assertThat(redis.key(String.class).exists(TombstoneMirror.ERASED_BEFORE_SLOTS))
                .isFalse();
        assertThat(apply(logged(user, erasedAt.minusSeconds(60)))).isFalse();
        assertThat(factsOf(user).isKnown()).isFalse();
        // PostgreSQL keeps it now: a node starting afresh (nothing in memory, the old hash gone) refuses it too.
        unplaced.replace(Map.of());
        mirror.mirror();
        assertThat(apply(logged(user, erasedAt.minusSeconds(30)))).isFalse();
        assertThat(factsOf(user).isKnown()).isFalse();
        // What it received after the erasure starts a new profile.
        assertThat(apply(logged(user, Instant.now()))).isTrue();
        assertThat(factsOf(user).countEver("Product Added")).isEqualTo(1);
    }

    @Test
    void anErasureNamesItsCustomer() {
        given().contentType(ContentType.JSON)
                .body(Map.of("customerId", " "))
                .post("/admin/erasures")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("customerId"));
    }
}
