package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.ApplyEventCall.GroupValue;
import dev.tailor.facts.ApplyEventCall.SeriesUpdate;
import dev.tailor.facts.ApplyEventCall.Sum;
import dev.tailor.facts.ApplyEventCall.Trait;
import dev.tailor.schema.EventUpgrader;
import dev.tailor.shared.redis.HashSlot;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.testing.LoggedEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** apply-event.lua's call: its slots in the order of the script's header, and the checks the script makes again. */
class ApplyEventCallTest {

    private static final long LAST_SECOND = 253_402_300_799L;
    private static final long LAST_MS = 253_402_300_799_999L;

    private static ApplyEventCall call(long now, long window, long eventTime, long received) {
        return new ApplyEventCall(
                "tailor:c:{t}",
                "tailor:c:{t}:applied",
                "tailor:id:{t}",
                "tailor:erased:{0}",
                "0123456789ab",
                now,
                window,
                eventTime,
                "",
                "dig",
                received,
                Optional.empty(),
                List.of());
    }

    /**
     * An event with two sums (one it adds nothing to), grouped by two properties, and a trait, as FactsStore would
     * apply it (LuaScriptsTotalityTest runs the script with it).
     */
    static final ApplyEventCall GROUPED = new ApplyEventCall(
            "tailor:c:{t}",
            "tailor:c:{t}:applied",
            "tailor:id:{t}",
            "tailor:erased:{0}",
            "0123456789ab",
            1_760_000_000L,
            86_400L,
            1_760_000_000_000L,
            "",
            "dig",
            1_760_000_000_001L,
            Optional.of(new SeriesUpdate(
                    488_700L,
                    20_360L,
                    List.of(new Sum("Nx", 12.5), new Sum("Ny", 0)),
                    "sabc",
                    List.of(new GroupValue("sabcN", "shoes"), new GroupValue("sabcM", "bags")))),
            List.of(new Trait("name", "\"Ada\"")));

    @Example
    void slotsFollowTheScriptsHeader() {
        assertThat(GROUPED.keys())
                .containsExactly("tailor:c:{t}", "tailor:c:{t}:applied", "tailor:id:{t}", "tailor:erased:{0}");
        assertThat(GROUPED.args())
                .containsExactly(
                        "0123456789ab",
                        "1760000000",
                        "86400",
                        "1760000000000",
                        "",
                        "3",
                        "dig",
                        "1760000000001",
                        "488700",
                        "20360",
                        "2",
                        "Nx",
                        "Ny",
                        "12.5",
                        "0",
                        "sabc",
                        "sabcN",
                        "shoes",
                        "sabcM",
                        "bags",
                        "name",
                        "\"Ada\"");
    }

    @Example
    void anEventWithoutTimeBucketsNamesNoSeries() {
        assertThat(call(0, 1, 0, 0).args()).hasSize(8).element(5).isEqualTo("0");
    }

    @Property
    void timesAreAcceptedFromTheEpochToTheEndOfYear9999(
            @ForAll @LongRange(min = 0, max = LAST_SECOND) long now,
            @ForAll @LongRange(min = 0, max = LAST_MS) long eventTime,
            @ForAll @LongRange(min = 0, max = LAST_MS) long received) {
        assertThat(call(now, 86_400, eventTime, received).args().get(1)).isEqualTo(Long.toString(now));
    }

    @Property
    void timesOutsideThatAreRefused(@ForAll("outsideTimes") long time) {
        assertThatThrownBy(() -> call(time / 1000, 86_400, 0, 0))
                .isInstanceOf(ScriptArgumentException.class)
                .hasMessageContaining("now");
        assertThatThrownBy(() -> call(0, 86_400, time, 0)).hasMessageContaining("event time");
        assertThatThrownBy(() -> call(0, 86_400, 0, time)).hasMessageContaining("received");
    }

    @Provide
    Arbitrary<Long> outsideTimes() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(Long.MIN_VALUE, -1_000),
                Arbitraries.longs().between(LAST_MS + 1_000, Long.MAX_VALUE));
    }

    @Property
    void aDedupWindowIsFrom1SecondTo366Days(@ForAll long window) {
        if (window >= 1 && window <= 31_622_400L) {
            assertThat(call(0, window, 0, 0).args().get(2)).isEqualTo(Long.toString(window));
        } else {
            assertThatThrownBy(() -> call(0, window, 0, 0)).hasMessageContaining("dedup-window");
        }
    }

    @Property
    void sumsAreFiniteAndWithin1e15(@ForAll double value) {
        if (Double.isFinite(value) && Math.abs(value) <= 1e15) {
            String sent = series(List.of(new Sum("Nx", value))).args().get(12);
            assertThat(Double.parseDouble(sent)).isEqualTo(value == 0 ? 0 : value);
        } else {
            assertThatThrownBy(() -> new Sum("Nx", value))
                    .isInstanceOf(ScriptArgumentException.class)
                    .hasMessageContaining("finite");
        }
    }

    @Property
    void groupingValuesAreNonEmptyWithoutCapitals(@ForAll String value) {
        if (value.isEmpty() || !value.equals(value.replaceAll("[A-Z]", ""))) {
            assertThatThrownBy(() -> new GroupValue("sabcN", value)).isInstanceOf(ScriptArgumentException.class);
        } else {
            assertThat(new GroupValue("sabcN", value).value()).isEqualTo(value);
        }
    }

    private static final ApplyEventCalls CALLS =
            new ApplyEventCalls(new EventUpgrader(Map.of()), Duration.ofDays(1), new TraitJson(new ObjectMapper()));

    /**
     * Every key of a call is in the slot of the customer whose keys it is given, whichever id the event names, and
     * after a move whichever customer it moved to, so a Redis Cluster runs the script on one node. Ids starting with
     * a closing brace are left out: their keys have an empty hash tag, which Redis ignores (each key is then a slot of
     * its own), and ingest does not refuse them yet.
     */
    @Property
    void everyCallsKeysShareTheCustomersSlot(
            @ForAll("customerIds") String customerId, @ForAll("customerIds") String movedTo, @ForAll boolean backfill) {
        CustomerEvent event = LoggedEvents.track(customerId, "Product Added", Instant.EPOCH);
        ApplyEventCall call = CALLS.of(
                event, Instant.EPOCH, FactSchema.union(List.of()), backfill ? ":backfill:1760000000000" : ":applied");
        ApplyEventCall moved = ApplyEventCalls.movedTo(call, movedTo);

        assertThat(call.keys()).extracting(HashSlot::of).containsOnly(HashSlot.of(CustomerKeys.of(customerId)));
        assertThat(moved.keys()).extracting(HashSlot::of).containsOnly(HashSlot.of(CustomerKeys.of(movedTo)));
        assertThat(moved.dedupKey()).endsWith(backfill ? ":backfill:1760000000000" : ":applied");
        assertThat(moved.customerDigest()).isEqualTo(IdentifierKeys.digest(movedTo));
    }

    @Provide
    Arbitrary<String> customerIds() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                        Arbitraries.strings().withChars("{}:ab").ofMinLength(1).ofMaxLength(8))
                .filter(id -> !id.startsWith("}"));
    }

    @Example
    void malformedNamesAndDigestsAreRefused() {
        assertThatThrownBy(() -> new Sum("", 1)).isInstanceOf(ScriptArgumentException.class);
        assertThatThrownBy(() -> new Sum("N,x", 1)).isInstanceOf(ScriptArgumentException.class);
        assertThatThrownBy(() -> new Sum("N;x", 1)).isInstanceOf(ScriptArgumentException.class);
        assertThatThrownBy(() -> series(List.of(new Sum("Nx", 1), new Sum("Nx", 2))))
                .hasMessageContaining("named once");
        assertThatThrownBy(() -> new GroupValue("eabcN", "shoes")).hasMessageContaining("start with 's'");
        assertThatThrownBy(() -> new SeriesUpdate(0, 0, List.of(), "wabc", List.of()))
                .hasMessageContaining("start with 's'");
        assertThatThrownBy(() -> new SeriesUpdate(0, 0, List.of(), "sabc", List.of(new GroupValue("sabc", "x"))))
                .hasMessageContaining("named once");
        assertThatThrownBy(() -> new ApplyEventCall(
                        "f", "a", "l", "e", "0123456789ag", 0, 1, 0, "", "dig", 0, Optional.empty(), List.of()))
                .hasMessageContaining("12 hex digits");
        assertThatThrownBy(() -> new ApplyEventCall(
                        "f", "a", "l", "e", "0123456789ab", 0, 1, 0, "sabc", "dig", 0, Optional.empty(), List.of()))
                .hasMessageContaining("stats field");
    }

    private static ApplyEventCall series(List<Sum> sums) {
        return new ApplyEventCall(
                "f",
                "a",
                "l",
                "e",
                "0123456789ab",
                0,
                1,
                0,
                "",
                "dig",
                0,
                Optional.of(new SeriesUpdate(0, 0, sums, "sabc", List.of())),
                List.of());
    }
}
