package dev.tailor.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * No stored value can make a customer unreadable: a real customer's hash, written as Tailor writes it, with one
 * field replaced by arbitrary bytes (or its stored form cut, or one character changed), is read without an exception
 * through every fact the rules may ask for, and its render answers 200. A customer that cannot be read is answered
 * the degraded default alone, reported as a data-quality issue, and skipped and named by impact analysis and audits.
 *
 * <p>A {@code @QuarkusTest} cannot host jqwik's {@code @Property} methods, so the corruptions are generated up front
 * in a seeded {@link JqwikSession} ({@code -Dtailor.properties.seed=...}, {@code -Dtailor.properties.corruptions=...}
 * to explore further).
 */
@QuarkusTest
class UnreadableFactsTest {

    private static final String SEED = System.getProperty("tailor.properties.seed", "21");
    private static final int CORRUPTIONS = Integer.getInteger("tailor.properties.corruptions", 150);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    FactsStore facts;

    @Inject
    ReactiveRedisDataSource redis;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** One corruption: which field of the real hash, and the bytes stored in its place. */
    private record Corruption(String field, byte[] value) {

        @Override
        public String toString() {
            return field + " = " + new String(value, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?");
        }
    }

    /** A customer with traits, windowed events with a grouping property and a sum, and an event kept as stats only. */
    private Map<String, String> realCustomer(String customerId) {
        Instant now = Instant.now();
        apply(
                "identify",
                customerId,
                null,
                Map.of(),
                Map.of("email", "ada@example.com", "first_name", "Ada", "loyalty_tier", "gold"),
                now.minus(Duration.ofDays(40)));
        apply("track", customerId, "Product Viewed", Map.of("category", "shoes"), null, now.minus(Duration.ofHours(2)));
        apply("track", customerId, "Product Viewed", Map.of("category", "hats"), null, now.minus(Duration.ofDays(3)));
        apply(
                "track",
                customerId,
                "Order Completed",
                Map.of("category", "shoes", "revenue", 42.5),
                null,
                now.minus(Duration.ofDays(12)));
        apply("track", customerId, "Email Opened", Map.of(), null, now.minus(Duration.ofDays(1)));
        apply("track", customerId, "Unsubscribed", Map.of(), null, now.minus(Duration.ofDays(2)));
        Map<String, String> stored = facts.stored(customerId).await().atMost(WAIT);
        assertThat(stored).containsKey("v").hasSizeGreaterThan(8);
        return stored;
    }

    private void apply(
            String type,
            String customerId,
            String event,
            Map<String, Object> properties,
            Map<String, Object> traits,
            Instant at) {
        facts.apply(new CustomerEvent(
                        type,
                        UUID.randomUUID().toString(),
                        customerId,
                        customerId,
                        null,
                        null,
                        event,
                        properties,
                        traits,
                        at,
                        Instant.now()))
                .await()
                .atMost(WAIT);
    }

    /** {@code fields} as the customer's hash, but {@code corruption}'s field holding its bytes. */
    private void store(String customerId, Map<String, String> fields, Corruption corruption) {
        String key = "tailor:c:{" + customerId + "}";
        Request hset = Request.cmd(Command.HSET).arg(key);
        fields.forEach((field, value) -> {
            if (!field.equals(corruption.field())) {
                hset.arg(field).arg(value);
            }
        });
        hset.arg(corruption.field()).arg(io.vertx.mutiny.core.buffer.Buffer.buffer(corruption.value()));
        redis.getRedis().send(Request.cmd(Command.DEL).arg(key)).await().atMost(WAIT);
        redis.getRedis().send(hset).await().atMost(WAIT);
    }

    private void delete(String customerId) {
        redis.getRedis()
                .send(Request.cmd(Command.DEL)
                        .arg("tailor:c:{" + customerId + "}")
                        .arg("tailor:c:{" + customerId + "}:applied"))
                .await()
                .atMost(WAIT);
    }

    /** Arbitrary bytes, or the field's own stored form cut short or with one character changed. */
    private static List<Corruption> corruptions(Map<String, String> template) {
        List<String> fields = List.copyOf(new TreeMap<>(template).keySet());
        Arbitrary<String> field = Arbitraries.of(fields);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(48);
        Arbitrary<Corruption> arbitrary = field.flatMap(name -> {
            byte[] original = template.get(name).getBytes(StandardCharsets.UTF_8);
            Arbitrary<byte[]> cut = Arbitraries.integers()
                    .between(0, original.length)
                    .map(length -> java.util.Arrays.copyOf(original, length));
            Arbitrary<byte[]> changed = original.length == 0
                    ? bytes
                    : Combinators.combine(Arbitraries.integers().between(0, original.length - 1), Arbitraries.bytes())
                            .as((at, b) -> {
                                byte[] copy = original.clone();
                                copy[at] = b;
                                return copy;
                            });
            return Arbitraries.oneOf(bytes, cut, changed).map(value -> new Corruption(name, value));
        });
        List<Corruption> all = new ArrayList<>(CORRUPTIONS);
        JqwikSession.start();
        try {
            java.util.Random random = new java.util.Random(Long.parseLong(SEED));
            for (int i = 0; i < CORRUPTIONS; i++) {
                all.add(arbitrary.generator(100).next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        // Every field at least once with bytes that are nothing like what Tailor writes.
        fields.forEach(name -> all.add(new Corruption(name, new byte[] {(byte) 0xff, 0, ';', ':', 'D', 'H'})));
        return all;
    }

    /** Every kind of fact the rules may ask for, of every event and property the customer has. */
    private static void askEverything(Customer customer) {
        Duration week = Duration.ofDays(7);
        customer.count("Product Viewed", week);
        customer.count("Product Viewed", "category", "shoes", Duration.ofDays(30));
        customer.top("Product Viewed", "category", week, "none");
        customer.sum("Order Completed", "revenue", Duration.ofDays(30));
        customer.sum("Order Completed", "revenue", "category", "shoes", Duration.ofDays(30));
        customer.average("Order Completed", "revenue", Duration.ofDays(400));
        customer.count("Email Opened", week);
        customer.countEver("Unsubscribed");
        customer.lastSeen("Unsubscribed");
        customer.firstSeen("Product Viewed");
        customer.daysSince("Order Completed");
        customer.trait("email");
        customer.trait("first_name", "there");
        customer.number("loyalty_points", 0);
        customer.isTrue("vip");
        customer.nextChange();
    }

    @Test
    void noStoredValueMakesACustomerUnreadableOrARenderFail() {
        String template = "corrupt-template-" + run;
        Map<String, String> stored = realCustomer(template);
        List<Corruption> corruptions = corruptions(stored);
        int unreadable = 0;
        try {
            for (int i = 0; i < corruptions.size(); i++) {
                Corruption corruption = corruptions.get(i);
                String customerId = "corrupt-" + run + "-" + i;
                try {
                    store(customerId, stored, corruption);
                    Customer[] read = new Customer[1];
                    assertThatCode(() -> {
                                read[0] = facts.read(customerId, Instant.now())
                                        .await()
                                        .atMost(WAIT);
                                askEverything(read[0]);
                            })
                            .as(corruption.toString())
                            .doesNotThrowAnyException();
                    if (!read[0].unreadableFields().isEmpty()) {
                        unreadable++;
                        assertThat(read[0].unreadableFields())
                                .as(corruption.toString())
                                .containsExactly(corruption.field());
                    }
                    given().get("/v1/decisions/{id}", customerId)
                            .then()
                            .statusCode(200)
                            .body("customerId", org.hamcrest.Matchers.equalTo(customerId));
                } finally {
                    delete(customerId);
                }
            }
        } finally {
            delete(template);
        }
        // The corruptions reached the decoders: many stored forms could not be read, and none threw.
        assertThat(unreadable).isGreaterThan(corruptions.size() / 10);
    }

    @Test
    void anUnreadableCustomerIsAnsweredTheDefaultAloneReportedAndSkippedByImpactAndAudits() {
        String healthy = "unreadable-twin-" + run;
        String broken = "unreadable-" + run;
        Map<String, String> stored = realCustomer(healthy);
        store(broken, stored, new Corruption("v", "not a version".getBytes(StandardCharsets.UTF_8)));
        try {
            JsonPath twin = given().get("/v1/decisions/{id}", healthy)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(twin.getBoolean("degraded")).isFalse();
            JsonPath decision = given().get("/v1/decisions/{id}", broken)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(decision.getBoolean("degraded")).isTrue();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(given().queryParam("customerId", broken)
                                    .queryParam("kind", "unreadable-facts")
                                    .get("/admin/data-quality/issues")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath()
                                    .<Map<String, Object>>getList("items"))
                            .singleElement()
                            .satisfies(issue -> {
                                assertThat(issue).containsEntry("field", "v").containsEntry("source", "render");
                                assertThat((String) issue.get("detail")).contains("scripts/replay.sh --customers");
                            }));

            JsonPath impact = given().queryParam("revision", twin.getLong("ruleSet.revision"))
                    .post("/admin/rule-sets/{name}/impact", "marketing")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(impact.getLong("unreadableCustomers")).isPositive();
            assertThat(impact.getList("unreadableSample", String.class)).isNotEmpty();

            JsonPath audit = given().post("/admin/audits/runs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(audit.getLong("found.'unreadable-facts'")).isPositive();
        } finally {
            delete(healthy);
            delete(broken);
        }
    }
}
