package dev.tailor.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** identify and alias calls through the real Kafka and Redis: links, merged facts, renders by any identifier. */
@QuarkusTest
class IdentityResolutionTest {

    private static final Duration MONTH = Duration.ofDays(30);
    private static final Duration YEAR = Duration.ofDays(400);

    @Inject
    FactsStore facts;

    @Inject
    RedisDataSource redis;

    private Customer factsOf(String id) {
        return facts.read(id, Instant.now()).await().atMost(Duration.ofSeconds(5));
    }

    private static String id(String kind) {
        return kind + "-" + UUID.randomUUID();
    }

    private static void send(String path, Map<String, Object> call) {
        given().contentType(ContentType.JSON)
                .body(call)
                .post("/v1/" + path)
                .then()
                .statusCode(200);
    }

    private static Map<String, Object> track(
            String idField, String id, String event, Map<String, Object> properties, String messageId) {
        Map<String, Object> call = new HashMap<>(Map.of(idField, id, "event", event, "properties", properties));
        call.put("messageId", messageId);
        return call;
    }

    private static void viewed(String idField, String id, String messageId) {
        send("track", track(idField, id, "Product Viewed", Map.of("category", "shoes"), messageId));
    }

    private static void ordered(String idField, String id, double revenue) {
        send(
                "track",
                track(
                        idField,
                        id,
                        "Order Completed",
                        Map.of("revenue", revenue, "category", "shoes"),
                        UUID.randomUUID().toString()));
    }

    private static void identify(String userId, String anonymousId, Map<String, Object> traits) {
        Map<String, Object> call = new HashMap<>(Map.of("userId", userId, "traits", traits));
        if (anonymousId != null) {
            call.put("anonymousId", anonymousId);
        }
        send("identify", call);
    }

    private void awaitFacts(String id, java.util.function.Predicate<Customer> condition) {
        await().atMost(Duration.ofSeconds(20)).until(() -> condition.test(factsOf(id)));
    }

    @Test
    void anIdentifyMergesTheAnonymousProfileIntoTheUser() {
        String anonymous = id("anon");
        String user = id("user");
        String email = user + "@example.com";
        String firstView = UUID.randomUUID().toString();
        viewed("anonymousId", anonymous, firstView);
        viewed("anonymousId", anonymous, UUID.randomUUID().toString());
        ordered("anonymousId", anonymous, 10.0);
        ordered("userId", user, 20.0);
        awaitFacts(anonymous, c -> c.countEver("Order Completed") == 1 && c.count("Product Viewed", MONTH) == 2);
        // Decisions are recorded in the customer's facts hash, one field per rule set.
        String anonymousFacts = FactsStore.factsKey(anonymous);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> redis.hash(String.class).hexists(anonymousFacts, "d:marketing"));
        awaitFacts(user, c -> c.countEver("Order Completed") == 1);

        identify(user, anonymous, Map.of("email", email.toUpperCase(), "plan", "pro"));

        // The merge comes first, then the identify call itself is applied to the merged profile.
        awaitFacts(user, c -> c.countEver("Order Completed") == 2 && "pro".equals(c.trait("plan")));
        Customer merged = factsOf(user);
        assertThat(merged.count("Product Viewed", MONTH)).isEqualTo(2);
        assertThat(merged.count("Product Viewed", "category", "shoes", MONTH)).isEqualTo(2);
        assertThat(merged.sum("Order Completed", "revenue", YEAR)).isEqualTo(30.0);
        assertThat(merged.trait("plan")).isEqualTo("pro");

        // The merged customer's own decision record goes with it.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !redis.hash(String.class).hexists(anonymousFacts, "d:marketing"));

        // Any identifier reads the one profile: the anonymousId, and the e-mail address as normalised.
        assertThat(factsOf(anonymous).getId()).isEqualTo(user);
        assertThat(factsOf(email).getId()).isEqualTo(user);
        given().get("/v1/decisions/" + anonymous).then().statusCode(200).body("customerId", equalTo(user));

        // Later anonymous events land on the user; a redelivered one is still counted once.
        viewed("anonymousId", anonymous, firstView);
        viewed("anonymousId", anonymous, UUID.randomUUID().toString());
        awaitFacts(user, c -> c.count("Product Viewed", MONTH) == 3);
        ordered("userId", user, 1.0);
        awaitFacts(user, c -> c.countEver("Order Completed") == 3);
        assertThat(factsOf(user).count("Product Viewed", MONTH)).isEqualTo(3);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/admin/identities/" + anonymous)
                        .then()
                        .statusCode(200)
                        .body("customerId", equalTo(user))
                        .body("identifiers", hasItem("a:" + anonymous))
                        .body("identifiers", hasItem("e:" + email))
                        .body("history.kind", hasItem("merge")));
    }

    @Test
    void theTraitsUpdatedLastWin() {
        String anonymous = id("anon");
        String user = id("user");
        Instant earlier = Instant.now().minus(Duration.ofHours(2));
        send(
                "identify",
                Map.of(
                        "userId",
                        user,
                        "traits",
                        Map.of("plan", "pro", "city", "Lyon"),
                        "timestamp",
                        earlier.toString()));
        send("identify", Map.of("anonymousId", anonymous, "traits", Map.of("plan", "free")));
        awaitFacts(user, c -> "pro".equals(c.trait("plan")));
        awaitFacts(anonymous, c -> "free".equals(c.trait("plan")));

        identify(user, anonymous, Map.of());

        awaitFacts(user, c -> "free".equals(c.trait("plan")));
        assertThat(factsOf(user).trait("city")).isEqualTo("Lyon");
    }

    @Test
    void anAliasMergesThePreviousIdEvenIntoAKnownUser() {
        String previous = id("old-user");
        String user = id("user");
        identify(previous, null, Map.of("plan", "basic"));
        ordered("userId", previous, 5.0);
        ordered("userId", user, 7.0);
        awaitFacts(previous, c -> c.countEver("Order Completed") == 1);
        awaitFacts(user, c -> c.countEver("Order Completed") == 1);

        send("alias", Map.of("previousId", previous, "userId", user));

        awaitFacts(user, c -> c.countEver("Order Completed") == 2);
        assertThat(factsOf(user).sum("Order Completed", "revenue", YEAR)).isEqualTo(12.0);
        assertThat(factsOf(previous).getId()).isEqualTo(user);
    }

    @Test
    void aSharedDeviceFollowsTheNewUserWithoutMovingTheFirstUsersFacts() {
        String device = id("device");
        String first = id("first");
        String second = id("second");
        viewed("anonymousId", device, UUID.randomUUID().toString());
        awaitFacts(device, c -> c.count("Product Viewed", MONTH) == 1);
        identify(first, device, Map.of());
        awaitFacts(device, c -> c.getId().equals(first));
        ordered("userId", second, 3.0);
        awaitFacts(second, c -> c.countEver("Order Completed") == 1);

        identify(second, device, Map.of());
        // The identify is keyed by the user, the view by the device: on two partitions, the view could be applied
        // before the link it follows. What is tested is where a view goes once the device follows the new user.
        awaitFacts(device, c -> c.getId().equals(second));
        viewed("anonymousId", device, UUID.randomUUID().toString());

        awaitFacts(second, c -> c.count("Product Viewed", MONTH) == 1);
        assertThat(factsOf(first).count("Product Viewed", MONTH)).isEqualTo(1);
        assertThat(factsOf(device).getId()).isEqualTo(second);
    }

    @Test
    void anEmailOfTwoKnownUsersIsAConflictNotAMerge() {
        String one = id("user");
        String other = id("user");
        String email = "shared-" + UUID.randomUUID() + "@example.com";
        identify(one, null, Map.of("email", email));
        ordered("userId", one, 1.0);
        awaitFacts(one, c -> c.countEver("Order Completed") == 1);

        identify(other, null, Map.of("email", email));
        ordered("userId", other, 2.0);

        awaitFacts(other, c -> c.countEver("Order Completed") == 1);
        assertThat(factsOf(one).countEver("Order Completed")).isEqualTo(1);
        assertThat(factsOf(email).getId()).isEqualTo(one);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/admin/identities/" + other)
                        .then()
                        .statusCode(200)
                        .body("history.kind", hasItem("conflict")));
    }

    @Test
    void anAdministratorMergesAndSeparatesTwoCustomers() {
        String kept = id("user");
        String duplicate = id("user");
        ordered("userId", kept, 4.0);
        ordered("userId", duplicate, 6.0);
        viewed("userId", duplicate, UUID.randomUUID().toString());
        awaitFacts(kept, c -> c.countEver("Order Completed") == 1);
        awaitFacts(duplicate, c -> c.countEver("Order Completed") == 1 && c.countEver("Product Viewed") == 1);

        given().contentType(ContentType.JSON)
                .body(Map.of("survivorId", kept, "mergedId", duplicate))
                .post("/admin/identities/merges")
                .then()
                .statusCode(200)
                .body("changed", equalTo(true));
        assertThat(factsOf(kept).sum("Order Completed", "revenue", YEAR)).isEqualTo(10.0);
        assertThat(factsOf(duplicate).getId()).isEqualTo(kept);

        given().contentType(ContentType.JSON)
                .body(Map.of("survivorId", kept, "mergedId", duplicate))
                .post("/admin/identities/unmerges")
                .then()
                .statusCode(200)
                .body("changed", equalTo(true));
        Customer separated = factsOf(duplicate);
        assertThat(separated.getId()).isEqualTo(duplicate);
        assertThat(separated.sum("Order Completed", "revenue", YEAR)).isEqualTo(6.0);
        assertThat(separated.countEver("Product Viewed")).isEqualTo(1);
        assertThat(factsOf(kept).sum("Order Completed", "revenue", YEAR)).isEqualTo(4.0);
        assertThat(factsOf(kept).countEver("Product Viewed")).isZero();
    }

    @Test
    void aMergeNeedsTwoDifferentCustomers() {
        given().contentType(ContentType.JSON)
                .body(Map.of("survivorId", "a"))
                .post("/admin/identities/merges")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("mergedId"));
        given().contentType(ContentType.JSON)
                .body(Map.of("survivorId", "a", "mergedId", "a"))
                .post("/admin/identities/merges")
                .then()
                .statusCode(400)
                .body("field", equalTo("mergedId"));
        given().contentType(ContentType.JSON)
                .body(Map.of("survivorId", id("x"), "mergedId", id("y")))
                .post("/admin/identities/unmerges")
                .then()
                .statusCode(400)
                .body("field", equalTo("mergedId"));
    }
}
