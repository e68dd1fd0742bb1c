package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.testing.HostileServices;
import dev.tailor.testing.TopicReader;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Property-based test of the whole way in: jqwik generates Segment calls with arbitrary times, numbers, strings, ids
 * and property shapes; they are posted to {@code /v1/batch} and the single-call paths, go through Kafka, are applied
 * to Redis and read back. The invariant: every call is either applied and readable (its facts, and a decision that
 * is not degraded), or refused with a reason (the 400 problem or the batch answer naming a field) and written to the
 * dead-letter topic with that reason; never both, never neither, never a 5xx; and the Redis answers PING throughout.
 * A call made only of plain values (a plausible time, small numbers, short strings, a declared event) must be applied.
 *
 * <p>A {@code @QuarkusTest} cannot host jqwik's {@code @Property} methods (jqwik's engine would run them without the
 * application), so the calls are generated up front in a seeded {@link JqwikSession}: the same seed gives the same
 * calls ({@code -Dtailor.properties.seed=...}, {@code -Dtailor.properties.calls=...} to explore further). Calls whose
 * request as a whole is unusable (invalid JSON, too deep, too large) are the hostile corpus's part
 * ({@link HostileCorpusTest}); here every request is well-formed JSON within the request limits.
 */
@QuarkusTest
@TestProfile(HostileServices.Profile.class)
class IngestPropertiesTest {

    private static final String SEED = System.getProperty("tailor.properties.seed", "14");
    private static final int CALLS = Integer.getInteger("tailor.properties.calls", 160);
    /** Calls of one batch, and the bytes a batch body may reach (the request limit is 500 KB). */
    private static final int BATCH_CALLS = 16;

    private static final int BATCH_BYTES = 300_000;
    /** A Redis held by a script does not answer at all; a healthy one answers at once, even on a busy machine. */
    private static final Duration PING_WITHIN = Duration.ofSeconds(2);

    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(90);
    private static final List<String> DECLARED =
            List.of("Product Viewed", "Product Added", "Order Completed", "Email Opened", "Unsubscribed");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Inject
    FactsStore facts;

    @Inject
    ObjectMapper json;

    /** Run-unique: other runs share the dead-letter topic. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private final long numericIdBase = 7_000_000_000_000L + (UUID.randomUUID().getLeastSignificantBits() >>> 24);

    // ---------------------------------------------------------------------------------------------------------------
    // What is generated

    /** A generated JSON value; {@code plain} when the test knows Tailor must take it anywhere. */
    private record Value(JsonNode node, boolean plain) {

        static Value plain(JsonNode node) {
            return new Value(node, true);
        }

        static Value hostile(JsonNode node) {
            return new Value(node, false);
        }
    }

    /** One generated call: where it goes, the id Tailor must key it by (null when it has none) and its checks. */
    private record Call(
            int index, ObjectNode body, String type, String customer, String event, boolean single, boolean plain) {

        /** Short: a failure's message lists calls, and some hold 10,000-character strings. */
        @Override
        public String toString() {
            String text = body.toString();
            return "call " + index + (single ? " to /v1/" + type : " in a batch") + ": "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /** Every char but the surrogates, which cannot stand alone in UTF-8: NUL, controls, RTL, noncharacters. */
    private static StringArbitrary unicode() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF');
    }

    /**
     * 10,000 characters: printable ASCII with NULs (a call still within the 32 KB limit), or any characters (three
     * bytes each in UTF-8 mostly, so a call over it).
     */
    private static Arbitrary<String> longText() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .withChars('\u0000')
                        .ofLength(10_000),
                unicode().ofLength(10_000));
    }

    /** Short text, sometimes with characters beyond the BMP (pairs, emoji with joiners). */
    private static Arbitrary<String> text(int maxLength) {
        Arbitrary<String> astral = Arbitraries.of("", "😀", "𝔘𝔫𝔦", "👩‍👩‍👧", "\u0000", "﷽", "\u202Eevil");
        return Combinators.combine(unicode().ofMaxLength(maxLength), astral).as(String::concat);
    }

    private static Arbitrary<Value> leaf() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().map(i -> Value.plain(NODES.numberNode(i)))),
                Tuple.of(3, Arbitraries.doubles().between(-1e6, 1e6).map(d -> Value.plain(NODES.numberNode(d)))),
                Tuple.of(4, text(30).map(s -> Value.plain(NODES.textNode(s)))),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> Value.plain(NODES.booleanNode(b)))),
                Tuple.of(1, Arbitraries.just(Value.plain(NODES.nullNode()))),
                Tuple.of(1, longText().map(s -> Value.hostile(NODES.textNode(s)))),
                Tuple.of(3, hostileNumber()),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                        "NaN",
                                        "Infinity",
                                        "-Infinity",
                                        "1e400",
                                        "0x1p3",
                                        "1e16",
                                        " 12 ",
                                        "",
                                        "-0",
                                        "1_000")
                                .map(s -> Value.hostile(NODES.textNode(s)))));
    }

    private static Arbitrary<Value> hostileNumber() {
        Arbitrary<JsonNode> fixed = Arbitraries.<JsonNode>of(
                NODES.numberNode(1e308),
                NODES.numberNode(-1e308),
                NODES.numberNode(Double.MAX_VALUE),
                NODES.numberNode(Double.MIN_VALUE),
                NODES.numberNode(Long.MIN_VALUE),
                NODES.numberNode(Long.MAX_VALUE),
                NODES.numberNode(BigInteger.TWO.pow(64)),
                NODES.numberNode(new BigDecimal("1e400")),
                NODES.numberNode(new BigDecimal("-1e400")),
                NODES.numberNode(new BigDecimal("1e-400")),
                NODES.numberNode(1e15),
                NODES.numberNode(-1e16),
                NODES.numberNode(-0.0));
        Arbitrary<JsonNode> digits = Arbitraries.strings()
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(400)
                .map(s -> NODES.numberNode(new BigInteger("1" + s).negate()));
        Arbitrary<JsonNode> anyDouble = Arbitraries.doubles().map(NODES::numberNode);
        return Arbitraries.oneOf(fixed, digits, anyDouble).map(Value::hostile);
    }

    /** Any JSON value, nested up to {@code depth} objects or arrays deep. */
    private static Arbitrary<Value> value(int depth) {
        if (depth == 0) {
            return leaf();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, leaf()),
                Tuple.of(1, Arbitraries.lazy(() -> object(depth - 1))),
                Tuple.of(
                        1,
                        Arbitraries.lazy(() -> value(depth - 1))
                                .list()
                                .ofMaxSize(4)
                                .map(items -> {
                                    ArrayNode array = NODES.arrayNode();
                                    items.forEach(item -> array.add(item.node()));
                                    return new Value(array, items.stream().allMatch(Value::plain));
                                })));
    }

    private static Arbitrary<String> propertyName() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("revenue", "category", "price", "items", "name", "plan")),
                Tuple.of(3, text(20)),
                Tuple.of(1, longText()));
    }

    /** An object of up to five properties with values nested up to {@code depth} deep. */
    private static Arbitrary<Value> object(int depth) {
        return Arbitraries.maps(propertyName(), value(depth)).ofMaxSize(5).map(entries -> {
            ObjectNode object = NODES.objectNode();
            entries.forEach((name, item) -> object.set(name, item.node()));
            return new Value(
                    object,
                    entries.values().stream().allMatch(Value::plain)
                            && entries.keySet().stream().allMatch(name -> name.length() <= 30));
        });
    }

    /** An event time, or null for none. */
    private static Arbitrary<Value> time(Instant now) {
        long earliest = EventPlausibility.EARLIEST.toEpochMilli();
        long latestPlain = now.minus(Duration.ofHours(1)).toEpochMilli();
        Arbitrary<Value> plausible = Arbitraries.longs()
                .between(earliest + 86_400_000L, latestPlain)
                .map(ms -> Value.plain(NODES.textNode(Instant.ofEpochMilli(ms).toString())));
        Arbitrary<Value> edges = Arbitraries.of(
                        EventPlausibility.EARLIEST,
                        EventPlausibility.EARLIEST.minusMillis(1),
                        now.plus(Duration.ofHours(23)),
                        now.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)),
                        Instant.parse("0001-01-01T00:00:00Z"),
                        Instant.parse("9999-12-31T23:59:59Z"),
                        Instant.EPOCH)
                .map(instant -> Value.hostile(NODES.textNode(instant.toString())));
        // Anywhere an ISO-8601 date-time can name, years -999,999,999 to 999,999,999.
        Arbitrary<Value> anywhere = Arbitraries.longs()
                .between(-31_556_889_864_403_199L, 31_556_889_864_403_199L)
                .map(seconds -> Value.hostile(
                        NODES.textNode(Instant.ofEpochSecond(seconds).toString())));
        Arbitrary<Value> offsets = Arbitraries.of(
                        "2026-01-31T12:00:00+14:00",
                        "2026-01-31T12:00:00-12:00",
                        "2026-01-31T12:00:00.123456789Z",
                        "2026-01-31T12:00:00",
                        "2026-02-30T00:00:00Z",
                        "1767225600",
                        "yesterday",
                        "")
                .map(s -> Value.hostile(NODES.textNode(s)));
        Arbitrary<Value> otherShapes = Arbitraries.<JsonNode>of(
                        NODES.numberNode(1_767_225_600L),
                        NODES.booleanNode(true),
                        NODES.objectNode().put("at", "2026-01-01T00:00:00Z"),
                        NODES.arrayNode().add("2026-01-01T00:00:00Z"))
                .map(Value::hostile);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.<Value>just(null)),
                Tuple.of(5, plausible),
                Tuple.of(2, edges),
                Tuple.of(2, anywhere),
                Tuple.of(1, offsets),
                Tuple.of(1, text(20).map(s -> Value.hostile(NODES.textNode(s)))),
                Tuple.of(1, otherShapes));
    }

    /** A customer id unique to this run and call: text (odd characters, blanks at its end, 10,000 chars), a number. */
    private Arbitrary<Value> id(String prefix, long number) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, text(24).map(s -> Value.plain(NODES.textNode(prefix + s)))),
                Tuple.of(1, Arbitraries.just(Value.plain(NODES.numberNode(number)))),
                Tuple.of(
                        1,
                        Arbitraries.of(" ", "\t\u0000", " \u00A0\u2003")
                                .map(blank -> Value.hostile(NODES.textNode(prefix + blank)))),
                Tuple.of(1, longText().map(s -> Value.hostile(NODES.textNode(prefix + s)))),
                Tuple.of(
                        1,
                        Arbitraries.<JsonNode>of(
                                        NODES.textNode("   "),
                                        NODES.booleanNode(true),
                                        NODES.numberNode(1.5),
                                        NODES.objectNode().put("id", prefix),
                                        NODES.arrayNode().add(prefix))
                                .map(Value::hostile)));
    }

    private Arbitrary<Value> event() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(DECLARED).map(name -> Value.plain(NODES.textNode(name)))),
                Tuple.of(2, text(30).map(s -> Value.hostile(NODES.textNode(s)))),
                Tuple.of(1, longText().map(s -> Value.hostile(NODES.textNode(s)))),
                Tuple.of(
                        1,
                        Arbitraries.<JsonNode>of(
                                        NODES.textNode(""),
                                        NODES.textNode("  "),
                                        NODES.numberNode(42),
                                        NODES.nullNode())
                                .map(Value::hostile)));
    }

    private Arbitrary<Call> call(int index, Instant now) {
        String marker = "pbt-" + run + "-" + index + "-";
        Arbitrary<String> type = Arbitraries.frequency(
                Tuple.of(5, "track"), Tuple.of(2, "identify"), Tuple.of(2, "page"), Tuple.of(1, "screen"));
        // 0: userId only, 1: anonymousId only, 2: both
        Arbitrary<Integer> ids = Arbitraries.frequency(Tuple.of(7, 0), Tuple.of(2, 1), Tuple.of(2, 2));
        Arbitrary<Value> userId = id(marker + "u-", numericIdBase + 2L * index);
        Arbitrary<Value> anonymousId = id(marker + "a-", numericIdBase + 2L * index + 1);
        Arbitrary<Value> optionalTime =
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.<Value>just(null)), Tuple.of(1, time(now)));
        Arbitrary<String> messageId = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(marker)),
                Tuple.of(1, text(30).map(marker::concat)),
                Tuple.of(1, Arbitraries.just(marker + "x".repeat(150))));
        Arbitrary<Boolean> single = Arbitraries.integers().between(1, 5).map(i -> i == 1);
        return Combinators.combine(List.of(
                        type.map(Object.class::cast),
                        ids.map(Object.class::cast),
                        userId.map(Object.class::cast),
                        anonymousId.map(Object.class::cast),
                        event().map(Object.class::cast),
                        object(3).map(Object.class::cast),
                        time(now).map(Object.class::cast),
                        optionalTime.map(Object.class::cast),
                        optionalTime.map(Object.class::cast),
                        messageId.map(Object.class::cast),
                        single.map(Object.class::cast)))
                .as(parts -> assemble(index, parts));
    }

    private Call assemble(int index, List<Object> parts) {
        String type = (String) parts.get(0);
        int ids = (Integer) parts.get(1);
        Value userId = ids != 1 ? (Value) parts.get(2) : null;
        Value anonymousId = ids != 0 ? (Value) parts.get(3) : null;
        Value event = (Value) parts.get(4);
        Value attributes = (Value) parts.get(5);
        Value timestamp = (Value) parts.get(6);
        Value originalTimestamp = (Value) parts.get(7);
        Value sentAt = (Value) parts.get(8);
        String messageId = (String) parts.get(9);
        boolean single = (Boolean) parts.get(10);

        ObjectNode body = NODES.objectNode();
        body.put("type", type);
        body.put("messageId", messageId);
        boolean plain = messageId.length() <= 100
                && (userId == null || userId.plain())
                && (anonymousId == null || anonymousId.plain());
        if (userId != null) {
            body.set("userId", userId.node());
        }
        if (anonymousId != null) {
            body.set("anonymousId", anonymousId.node());
        }
        String eventName = null;
        if ("track".equals(type)) {
            body.set("event", event.node());
            plain &= event.plain();
            eventName = event.node().isTextual() ? event.node().asText() : null;
        } else if ("page".equals(type)) {
            eventName = CustomerEvent.PAGE_VIEWED;
        }
        body.set("identify".equals(type) ? "traits" : "properties", attributes.node());
        plain &= attributes.plain() && plainSum(eventName, attributes.node());
        for (Map.Entry<String, Value> time :
                timesOf(timestamp, originalTimestamp, sentAt).entrySet()) {
            body.set(time.getKey(), time.getValue().node());
            // A sentAt moves the event's time by the client's skew: plausible alone, perhaps not together.
            plain &= time.getValue().plain() && !"sentAt".equals(time.getKey());
        }
        return new Call(index, body, type, customerOf(body), eventName, single, plain);
    }

    private static Map<String, Value> timesOf(Value timestamp, Value originalTimestamp, Value sentAt) {
        Map<String, Value> times = new LinkedHashMap<>();
        Optional.ofNullable(timestamp).ifPresent(time -> times.put("timestamp", time));
        Optional.ofNullable(originalTimestamp).ifPresent(time -> times.put("originalTimestamp", time));
        Optional.ofNullable(sentAt).ifPresent(time -> times.put("sentAt", time));
        return times;
    }

    /** Order Completed sums revenue: only a plain number there is known to be taken. */
    private static boolean plainSum(String event, JsonNode properties) {
        JsonNode revenue = properties.get("revenue");
        return !"Order Completed".equals(event)
                || revenue == null
                || revenue.isNull()
                || (revenue.isNumber() && Math.abs(revenue.asDouble()) <= 1e6);
    }

    /** The id Tailor keys an accepted call by: its userId, else its anonymousId, trimmed, if usable. */
    private static String customerOf(ObjectNode body) {
        for (String name : List.of("userId", "anonymousId")) {
            JsonNode id = body.get(name);
            if (id != null
                    && (id.isTextual() || id.isIntegralNumber())
                    && !id.asText().trim().isEmpty()) {
                return id.asText().trim();
            }
        }
        return null;
    }

    private List<Call> generate(Instant now) {
        JqwikSession.start(SEED);
        try {
            List<Call> calls = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                calls.add(call(i, now).sample());
            }
            return calls;
        } finally {
            JqwikSession.finish();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The run

    /** What became of one call at the entry: accepted, or refused naming a field. */
    private record Outcome(boolean accepted, String field) {}

    @Test
    void everyCallIsAppliedAndReadableOrRefusedWithAReasonAndDeadLetteredWhileRedisAnswers() throws Exception {
        Instant now = Instant.now();
        List<Call> calls = generate(now);
        assertThat(generate(now))
                .as("the same seed generates the same calls")
                .extracting(call -> call.body().toString())
                .containsExactlyElementsOf(
                        calls.stream().map(call -> call.body().toString()).toList());

        long started = System.nanoTime();
        Map<Integer, Outcome> outcomes = new HashMap<>();
        Pinger pinger = new Pinger();
        pinger.start();
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, TopicReader.DEAD_LETTERS)) {
            List<Call> batch = new ArrayList<>();
            int batchBytes = 0;
            for (Call call : calls) {
                if (call.single()) {
                    outcomes.put(call.index(), postSingle(call));
                    continue;
                }
                int bytes = bytes(call.body());
                if (!batch.isEmpty() && (batch.size() >= BATCH_CALLS || batchBytes + bytes > BATCH_BYTES)) {
                    outcomes.putAll(postBatch(batch));
                    batch.clear();
                    batchBytes = 0;
                }
                batch.add(call);
                batchBytes += bytes;
            }
            if (!batch.isEmpty()) {
                outcomes.putAll(postBatch(batch));
            }

            List<Call> refused = calls.stream()
                    .filter(call -> !outcomes.get(call.index()).accepted())
                    .toList();
            List<Call> accepted = calls.stream()
                    .filter(call -> outcomes.get(call.index()).accepted())
                    .toList();
            assertThat(calls)
                    .filteredOn(Call::plain)
                    .as("calls of plain values are accepted")
                    .allSatisfy(call -> assertThat(outcomes.get(call.index()).accepted())
                            .as("call %d: %s", call.index(), outcomes.get(call.index()))
                            .isTrue());

            Map<Integer, List<ConsumerRecord<String, String>>> dead = deadLettersByCall(
                    deadLetters, refused.stream().map(Call::index).toList());
            assertThat(refused).allSatisfy(call -> {
                List<ConsumerRecord<String, String>> letters = dead.getOrDefault(call.index(), List.of());
                assertThat(letters)
                        .as("dead letters of refused call %d", call.index())
                        .hasSize(1);
                assertThat(header(letters.get(0), RefusedCallPublisher.REASON_HEADER))
                        .as("reason of refused call %d", call.index())
                        .contains(outcomes.get(call.index()).field() + ": ");
            });
            assertThat(accepted)
                    .as("accepted calls are not dead-lettered (by ingest, nor by the consumer as poison)")
                    .allSatisfy(call -> assertThat(dead.containsKey(call.index()))
                            .as("%s", call)
                            .isFalse());

            assertReadable(accepted);
            long millis = (System.nanoTime() - started) / 1_000_000;
            pinger.stop();
            Log.infof(
                    "Property run (seed %s): %d calls, %d accepted (%d of plain values), %d refused by field %s;"
                            + " %d PINGs; %d ms",
                    SEED,
                    calls.size(),
                    accepted.size(),
                    calls.stream().filter(Call::plain).count(),
                    refused.size(),
                    refusedFields(refused, outcomes),
                    pinger.answered.get(),
                    millis);
            assertThat(accepted).as("the generator reaches the applied side").hasSizeGreaterThan(CALLS / 10);
            assertThat(refused).as("the generator reaches the refused side").hasSizeGreaterThan(CALLS / 10);
        } finally {
            pinger.stop();
        }
        assertThat(pinger.failures)
                .as("PINGs not answered PONG within %s", PING_WITHIN)
                .isEmpty();
        assertThat(pinger.answered.get()).as("PINGs answered").isPositive();
    }

    private int bytes(ObjectNode body) {
        return write(body).getBytes(StandardCharsets.UTF_8).length;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Outcome postSingle(Call call) {
        Response answer = given().contentType("application/json")
                .body(write(call.body()).getBytes(StandardCharsets.UTF_8))
                .post("/v1/" + call.type())
                .andReturn();
        if (answer.statusCode() == 200) {
            return new Outcome(true, null);
        }
        assertRefusal(answer, "call " + call.index());
        return new Outcome(false, answer.jsonPath().getString("field"));
    }

    private Map<Integer, Outcome> postBatch(List<Call> calls) {
        ArrayNode batch = NODES.arrayNode();
        calls.forEach(call -> batch.add(call.body()));
        Response answer = given().contentType("application/json")
                .body(write(NODES.objectNode().set("batch", batch)).getBytes(StandardCharsets.UTF_8))
                .post("/v1/batch")
                .andReturn();
        Map<Integer, String> refusedFields = new HashMap<>();
        if (answer.statusCode() == 200) {
            List<Map<String, Object>> refused = Optional.ofNullable(
                            answer.jsonPath().<Map<String, Object>>getList("refused"))
                    .orElse(List.of());
            refused.forEach(
                    refusal -> refusedFields.put((Integer) refusal.get("index"), (String) refusal.get("field")));
        } else {
            assertRefusal(
                    answer,
                    "batch of calls " + calls.get(0).index() + " to "
                            + calls.get(calls.size() - 1).index());
            // Every call was refused: the problem lists each one's fields, batch[i] first.
            for (Map<String, Object> error : answer.jsonPath().<Map<String, Object>>getList("errors")) {
                int at = batchIndex((String) error.get("field"));
                refusedFields.putIfAbsent(at, (String) error.get("field"));
            }
            assertThat(refusedFields).as("a 400 to a batch refuses every call").hasSize(calls.size());
        }
        Map<Integer, Outcome> outcomes = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            String field = refusedFields.get(i);
            if (field != null) {
                assertThat(field).as("field of batch[%d]", i).startsWith("batch[" + i + "]");
            }
            outcomes.put(calls.get(i).index(), new Outcome(field == null, field));
        }
        return outcomes;
    }

    private static final Pattern BATCH_INDEX = Pattern.compile("^batch\\[(\\d+)]");

    private static int batchIndex(String field) {
        Matcher matcher = BATCH_INDEX.matcher(field);
        assertThat(matcher.find())
                .as("a refused call of a batch is named by its index: %s", field)
                .isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static void assertRefusal(Response answer, String what) {
        assertThat(answer.statusCode()).as("%s: %s", what, answer.asString()).isEqualTo(400);
        assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("field")).as(what).isNotBlank();
        assertThat(answer.jsonPath().getString("detail")).as(what).isNotBlank();
    }

    /**
     * The run's dead letters by the call they hold (found by the marker in their messageId), once there is one for
     * each of {@code refused}.
     */
    private Map<Integer, List<ConsumerRecord<String, String>>> deadLettersByCall(
            TopicReader deadLetters, List<Integer> refused) {
        Pattern marker = Pattern.compile("^pbt-" + run + "-(\\d+)-");
        return deadLetters
                .awaitMatching(
                        record -> callOf(record, marker) >= 0,
                        letters -> letters.stream()
                                .map(record -> callOf(record, marker))
                                .collect(Collectors.toSet())
                                .containsAll(refused))
                .stream()
                .collect(Collectors.groupingBy(record -> callOf(record, marker)));
    }

    private int callOf(ConsumerRecord<String, String> record, Pattern marker) {
        try {
            JsonNode value = json.readTree(record.value());
            Matcher found = marker.matcher(value.path("messageId").asText(""));
            return found.find() ? Integer.parseInt(found.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Each accepted call's facts are there, and each customer's decision is made from them, not degraded. */
    private void assertReadable(List<Call> accepted) {
        assertThat(accepted)
                .allSatisfy(call -> assertThat(call.customer())
                        .as(
                                "accepted call %d has a customer id: %s",
                                call.index(), call.body().path("userId"))
                        .isNotNull());
        await().atMost(APPLIED_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(accepted).allSatisfy(call -> {
                    Customer customer =
                            facts.read(call.customer(), Instant.now()).await().atMost(Duration.ofSeconds(5));
                    assertThat(customer.getVersion())
                            .as("events applied for call %d", call.index())
                            .isEqualTo(1);
                    if (call.event() != null
                            && (DECLARED.contains(call.event()) || CustomerEvent.PAGE_VIEWED.equals(call.event()))) {
                        assertThat(customer.countEver(call.event()))
                                .as("%s of call %d", call.event(), call.index())
                                .isEqualTo(1);
                    }
                }));
        List<String> ids = accepted.stream().map(Call::customer).distinct().toList();
        for (int from = 0; from < ids.size(); from += 100) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 100));
            Response answer = given().contentType("application/json")
                    .body(write(json.valueToTree(Map.of("customerIds", chunk))).getBytes(StandardCharsets.UTF_8))
                    .post("/v1/decisions")
                    .andReturn();
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
            List<Map<String, Object>> decisions = answer.jsonPath().getList("decisions");
            assertThat(decisions)
                    .extracting(decision -> decision.get("customerId"))
                    .containsExactlyInAnyOrderElementsOf(chunk);
            assertThat(decisions)
                    .as("decisions made from the facts, not the default")
                    .allSatisfy(decision -> assertThat(decision.get("degraded")).isEqualTo(false));
        }
    }

    private static Map<String, Long> refusedFields(List<Call> refused, Map<Integer, Outcome> outcomes) {
        return refused.stream()
                .collect(Collectors.groupingBy(
                        call -> outcomes.get(call.index()).field().replaceFirst("^batch\\[\\d+]\\.?", ""),
                        Collectors.counting()));
    }

    /** PINGs the test's Redis every 20 ms on a socket of its own, recording every answer that is not PONG. */
    private static final class Pinger implements Runnable {
        final AtomicInteger answered = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final Thread thread = new Thread(this, "redis-pinger");
        private volatile boolean running = true;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }

        @Override
        public void run() {
            while (running) {
                String answer = HostileServices.ping(PING_WITHIN);
                if ("+PONG".equals(answer)) {
                    answered.incrementAndGet();
                } else {
                    failures.add(Instant.now() + ": " + answer);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
