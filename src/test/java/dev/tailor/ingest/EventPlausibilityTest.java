package dev.tailor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactSchema;
import dev.tailor.hygiene.TestHygieneConfig;
import dev.tailor.pipeline.ApplyFailures;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.shared.redis.HashSlot;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The plausibility limits without the server: arbitrary times around the window's edges (and far beyond), arbitrary
 * summed numbers, the consuming side's reading of logged records, and the classification of apply failures.
 */
class EventPlausibilityTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant LATEST = RECEIVED.plus(Duration.ofDays(1));
    private static final FactSchema SUMS = FactSchema.parse(
            "events:\n  Order Completed: {window: 30d, sum: [revenue]}\n".getBytes(StandardCharsets.UTF_8));

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final TestIngestConfig config = TestIngestConfig.defaults();
    private final EventPlausibility plausibility = config.plausibility(SUMS);
    private final SegmentRequestParser parser = new SegmentRequestParser(
            json, new SegmentCallReader(json, TestHygieneConfig.defaults().normalizer(), config, plausibility), config);

    private static boolean inWindow(Instant time) {
        return !time.isBefore(EventPlausibility.EARLIEST) && !time.isAfter(LATEST);
    }

    private SegmentCalls track(String body) {
        return parser.parseCall("track", body.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    @Provide
    Arbitrary<Instant> aroundTheEdges() {
        long threeDays = Duration.ofDays(3).toMillis();
        Arbitrary<Long> near =
                Arbitraries.longs().between(-threeDays, threeDays).edgeCases(edges -> edges.includeOnly(-1L, 0L, 1L));
        Arbitrary<Instant> nearEarliest = near.map(EventPlausibility.EARLIEST::plusMillis);
        Arbitrary<Instant> nearLatest = near.map(LATEST::plusMillis);
        // Anywhere an ISO-8601 date-time can name, years -999,999,999 to 999,999,999.
        Arbitrary<Instant> anywhere = Arbitraries.longs()
                .between(-31_556_889_864_403_199L, 31_556_889_864_403_199L)
                .map(Instant::ofEpochSecond);
        return Arbitraries.oneOf(nearEarliest, nearLatest, anywhere);
    }

    @Provide
    Arbitrary<String> timeFields() {
        return Arbitraries.of("timestamp", "originalTimestamp", "sentAt");
    }

    @Property(tries = 500)
    void anEventTimeIsRefusedNamingItsFieldExactlyWhenOutsideTheWindow(
            @ForAll("aroundTheEdges") Instant time, @ForAll("timeFields") String field) {
        SegmentCalls calls =
                track("{\"userId\":\"u-1\",\"event\":\"Product Viewed\",\"" + field + "\":\"" + time + "\"}");

        if (inWindow(time)) {
            assertThat(calls.refused()).isEmpty();
            assertThat(calls.accepted().get(0).timestamp()).isEqualTo("timestamp".equals(field) ? time : RECEIVED);
        } else {
            assertThat(calls.accepted()).isEmpty();
            assertThat(calls.errors()).extracting(FieldError::field).containsExactly(field);
        }
    }

    @Property(tries = 300)
    void theSkewCorrectedTimeIsRefusedAsTheTimestampExactlyWhenOutsideTheWindow(
            @ForAll("aroundTheEdges") Instant timestamp, @ForAll("aroundTheEdges") Instant sentAt) {
        SegmentCalls calls = track("{\"userId\":\"u-1\",\"event\":\"Product Viewed\",\"timestamp\":\"" + timestamp
                + "\",\"sentAt\":\"" + sentAt + "\"}");

        if (!inWindow(timestamp) || !inWindow(sentAt)) {
            assertThat(calls.accepted()).isEmpty();
            return;
        }
        Instant corrected = RECEIVED.minusMillis(sentAt.toEpochMilli() - timestamp.toEpochMilli());
        if (inWindow(corrected)) {
            assertThat(calls.accepted().get(0).timestamp()).isEqualTo(corrected);
        } else {
            assertThat(calls.errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("timestamp");
                assertThat(error.detail()).startsWith("corrected for clock skew");
            });
        }
    }

    @Provide
    Arbitrary<Double> sums() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-2e15, 2e15),
                Arbitraries.of(1e15, -1e15, Math.nextUp(1e15), Double.MAX_VALUE, Double.MIN_VALUE, -0.0));
    }

    @Property(tries = 300)
    void aSummedNumberIsRefusedExactlyWhenBeyondTheBound(@ForAll("sums") double revenue, @ForAll boolean asText) {
        String value = asText ? "\"" + revenue + "\"" : Double.toString(revenue);
        SegmentCalls calls =
                track("{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":" + value + "}}");

        if (Math.abs(revenue) <= EventPlausibility.MAX_SUM) {
            assertThat(calls.refused()).isEmpty();
        } else {
            assertThat(calls.errors()).extracting(FieldError::field).containsExactly("properties.revenue");
        }
    }

    @Example
    void nonNumbersWhereASumIsDeclaredAreRefusedAndElsewhereKept() {
        for (String value : List.of(
                "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"abc\"", "[1]", "{\"a\":1}", "true")) {
            assertThat(track("{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":" + value
                                    + "}}")
                            .errors())
                    .as(value)
                    .extracting(FieldError::field)
                    .containsExactly("properties.revenue");
            assertThat(track("{\"userId\":\"u-1\",\"event\":\"Product Viewed\",\"properties\":{\"revenue\":" + value
                                    + "}}")
                            .refused())
                    .as(value)
                    .isEmpty();
        }
        assertThat(track("{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":\" \"}}")
                        .refused())
                .isEmpty();
    }

    @Example
    void aNumberNoFloatHoldsIsRefusedWhereverItIs() {
        SegmentCalls calls = track("{\"userId\":\"u-1\",\"event\":\"Product Viewed\",\"properties\":{\"items\":"
                + "[{\"price\":1},{\"price\":-1e400}]},\"traits\":{\"score\":1e999}}");

        assertThat(calls.errors())
                .extracting(FieldError::field)
                .containsExactly("properties.items[1].price", "traits.score");
    }

    @Example
    void sendGridTimesBeyondWhatAnInstantHoldsAreRefusedNotThrown() {
        for (long seconds : new long[] {Long.MIN_VALUE, -62_135_596_800L, 0, 946_684_799, Long.MAX_VALUE}) {
            List<FieldError> errors = new ArrayList<>();
            assertThat(plausibility.epochSeconds("[0].timestamp", seconds, RECEIVED, errors))
                    .isNull();
            assertThat(errors).extracting(FieldError::field).containsExactly("[0].timestamp");
        }
        List<FieldError> none = new ArrayList<>();
        assertThat(plausibility.epochSeconds("[0].timestamp", 946_684_800, RECEIVED, none))
                .isEqualTo(EventPlausibility.EARLIEST);
        assertThat(none).isEmpty();
    }

    @Property
    void anIdIsRefusedExactlyWhenItWouldSpreadACustomersKeysOverSlots(@ForAll String id) {
        Assume.that(!id.isEmpty()); // an empty id is refused as missing
        String customer = "tailor:c:{" + id + "}";
        boolean oneSlot = HashSlot.of(customer) == HashSlot.of(customer + ":applied")
                && HashSlot.of(customer) == HashSlot.of(customer + ":ids");
        assertThat(EventPlausibility.idProblem(id))
                .isEqualTo(id.startsWith("}") ? EventPlausibility.idProblem("}") : Optional.empty());
        if (!id.startsWith("}")) {
            assertThat(oneSlot).as("keys of %s in one slot", id).isTrue();
        }
    }

    @Example
    void aLoggedRecordWhoseIdBeginsWithAClosingBraceCannotBeApplied() {
        String record =
                logged("2026-11-28T11:00:00Z", "2026-11-28T11:00:00Z", "{}").replace("\"u-1\"", "\"}u-1\"");
        assertThatThrownBy(() -> plausibility.logged(record, SUMS, RECEIVED))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageStartingWith("customerId: must not begin with '}'");
    }

    private static String logged(String timestamp, String receivedAt, String properties) {
        return "{\"type\":\"track\",\"messageId\":\"m-1\",\"customerId\":\"u-1\",\"event\":\"Order Completed\","
                + "\"properties\":" + properties + ",\"timestamp\":\"" + timestamp + "\",\"receivedAt\":\"" + receivedAt
                + "\"}";
    }

    @Example
    void aLoggedRecordWithAnImplausibleTimeCannotBeApplied() {
        assertThatThrownBy(() -> plausibility.logged(
                        logged("0001-01-01T00:00:00Z", "2026-11-28T11:00:00Z", "{}"), SUMS, RECEIVED))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageStartingWith("timestamp: is 0001-01-01T00:00:00Z, before 2000-01-01T00:00:00Z");
        assertThatThrownBy(() -> plausibility.logged(
                        logged("2026-11-28T11:00:00Z", "+999999999-12-31T23:59:59Z", "{}"), SUMS, RECEIVED))
                .hasMessageStartingWith("receivedAt: is ");
        assertThatThrownBy(() -> plausibility.logged("{\"type\":\"track\"", SUMS, RECEIVED))
                .hasMessageStartingWith("Not a Tailor event (");
        assertThatThrownBy(() -> plausibility.logged("[".repeat(5000) + "]".repeat(5000), SUMS, RECEIVED))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> plausibility.logged(
                        logged(
                                "2026-11-28T11:00:00Z",
                                "2026-11-28T11:00:00Z",
                                "{\"note\":\"" + "x".repeat(70_000) + "\"}"),
                        SUMS,
                        RECEIVED))
                .hasMessageStartingWith("Record is ");
    }

    @Example
    void aLoggedRecordKeepsItsEventWithAnUnusableSumLeftOut() {
        for (String revenue : List.of("\"NaN\"", "1e400", "-1e400", "1e16", "[1]", "{\"a\":1}", "\"x\"")) {
            CustomerEvent event = plausibility.logged(
                    logged(
                            "2026-11-28T11:00:00Z",
                            "2026-11-28T11:00:00Z",
                            "{\"revenue\":" + revenue + ",\"category\":\"shoes\"}"),
                    SUMS,
                    RECEIVED);
            assertThat(event.properties()).as(revenue).isEqualTo(Map.of("category", "shoes"));
        }
        CustomerEvent kept = plausibility.logged(
                logged("2026-11-28T11:00:00Z", "2026-11-28T11:00:00Z", "{\"revenue\":12.5}"), SUMS, RECEIVED);
        assertThat(kept.properties()).isEqualTo(Map.of("revenue", 12.5));
    }

    @Example
    void failuresAreTheEventsOwnOnlyWhenRedisAnsweredAnErrorForIt() {
        assertThat(ApplyFailures.isEventsOwn(ErrorType.create(
                        "ERR user_script:120: Script attempted to access nonexistent global variable")))
                .isTrue();
        assertThat(ApplyFailures.isEventsOwn(
                        ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value")))
                .isTrue();
        assertThat(ApplyFailures.isEventsOwn(ErrorType.create("ERR [3] user_script:1: bad argument")))
                .isTrue();
        assertThat(ApplyFailures.isEventsOwn(new IllegalArgumentException("bad value")))
                .isTrue();

        assertThat(ApplyFailures.isEventsOwn(ErrorType.create("BUSY Redis is busy running a script")))
                .isFalse();
        assertThat(ApplyFailures.isEventsOwn(ErrorType.create("LOADING Redis is loading the dataset")))
                .isFalse();
        assertThat(ApplyFailures.isEventsOwn(ErrorType.create("ERR [0] user_script:1: bad argument"
                        + System.lineSeparator() + "ERR [1] io.vertx.core.VertxException: Connection is closed")))
                .isFalse();
        assertThat(ApplyFailures.isEventsOwn(ErrorType.create("ERR [0] BUSY Redis is busy running a script")))
                .isFalse();
        assertThat(ApplyFailures.isEventsOwn(new ConnectException("Connection refused")))
                .isFalse();
        // Commands in flight when Redis stops, alone and in a pipeline.
        assertThat(ApplyFailures.isEventsOwn(ErrorType.create("CONNECTION_CLOSED")))
                .isFalse();
        assertThat(ApplyFailures.isEventsOwn(ErrorType.create(
                        "ERR [1] CONNECTION_CLOSED" + System.lineSeparator() + "ERR [0] CONNECTION_CLOSED")))
                .isFalse();
        assertThat(ApplyFailures.isEventsOwn(new io.smallrye.mutiny.TimeoutException()))
                .isFalse();
    }
}
