package dev.tailor.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.decisions.DecisionStateStore.Made;
import dev.tailor.shared.redis.HashSlot;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The calls of the decisions' scripts: their slots in the order of each script's header, the checks it makes again,
 * and, as the decisions' classes build them, every call's keys in one slot of a Redis Cluster.
 */
class DecisionScriptCallsTest {

    private static final long LAST_MS = 253_402_300_799_999L;

    @Example
    void slotsFollowTheScriptsHeaders() {
        assertThat(new ClaimPendingCall("pending", 1, 2, 3).args()).containsExactly("1", "2", "3");
        ClaimDueCall due = new ClaimDueCall("due", "claims", 1, 2, 3);
        assertThat(due.keys()).containsExactly("due", "claims");
        assertThat(due.args()).containsExactly("1", "2", "3");
        assertThat(new ReleasePendingCall("pending", 5, List.of("t", "u")).args())
                .containsExactly("5", "t", "u");
        RecordDecisionCall record = new RecordDecisionCall("facts", 35, 36, List.of("8f3a1", "=new"), "marketing");
        assertThat(record.keys()).containsExactly("facts");
        assertThat(record.args()).containsExactly("z", "10", "8f3a1\n=new", "marketing");
    }

    @Property
    void timesAreFromTheEpochToTheEndOfYear9999(@ForAll long time) {
        if (time >= 0 && time <= LAST_MS) {
            assertThat(new ClaimPendingCall("pending", time, time, 1).args()).startsWith(Long.toString(time));
            assertThat(new ClaimDueCall("due", "claims", time, time, 1).args()).startsWith(Long.toString(time));
            assertThat(new ReleasePendingCall("pending", time, List.of()).args())
                    .containsExactly(Long.toString(time));
            assertThat(new RecordDecisionCall("facts", 0, time, List.of(), "m").args())
                    .contains(Long.toString(time, 36));
        } else {
            assertThatThrownBy(() -> new ClaimPendingCall("pending", time, 0, 1))
                    .hasMessageContaining("now");
            assertThatThrownBy(() -> new ClaimPendingCall("pending", 0, time, 1))
                    .hasMessageContaining("lease end");
            assertThatThrownBy(() -> new ReleasePendingCall("pending", time, List.of()))
                    .hasMessageContaining("lease end");
            assertThatThrownBy(() -> new RecordDecisionCall("facts", 0, time, List.of(), "m"))
                    .hasMessageContaining("moment");
        }
    }

    @Property
    void claimsTakeFrom1To100000(@ForAll int limit) {
        if (limit >= 1 && limit <= 100_000) {
            assertThat(new ClaimPendingCall("pending", 0, 0, limit).args()).endsWith(Integer.toString(limit));
            assertThat(new ClaimDueCall("due", "claims", 0, 0, limit).args()).endsWith(Integer.toString(limit));
        } else {
            assertThatThrownBy(() -> new ClaimDueCall("due", "claims", 0, 0, limit))
                    .hasMessageContaining("limit");
            assertThatThrownBy(() -> new ClaimPendingCall("pending", 0, 0, limit))
                    .isInstanceOf(ScriptArgumentException.class)
                    .hasMessageContaining("limit");
        }
    }

    @Property
    void aRecordedVersionIsFrom0To2To53(@ForAll long version) {
        if (version >= 0 && version <= 1L << 53) {
            assertThat(new RecordDecisionCall("facts", version, 0, List.of(), "m").args())
                    .startsWith(Long.toString(version, 36));
        } else {
            assertThatThrownBy(() -> new RecordDecisionCall("facts", version, 0, List.of(), "m"))
                    .hasMessageContaining("facts version");
        }
    }

    @Example
    void aRecordNeedsARuleSet() {
        assertThatThrownBy(() -> new RecordDecisionCall("facts", 0, 0, List.of(), ""))
                .hasMessageContaining("rule set");
    }

    @Provide
    Arbitrary<List<String>> customerIds() {
        return Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(40)
                .list()
                .ofMinSize(1)
                .ofMaxSize(30);
    }

    @Provide
    Arbitrary<Integer> shardCounts() {
        return Arbitraries.integers().between(0, 10).map(power -> 1 << power);
    }

    @Property(tries = 200)
    void everyCallKeepsItsKeysInOneSlot(
            @ForAll("customerIds") List<String> customers, @ForAll("shardCounts") int count) {
        DecisionShards shards = new DecisionShards(count, "");
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        List<ScriptCall> calls = new ArrayList<>();
        PendingDecisions pending = new PendingDecisions(null, shards);
        calls.addAll(pending.claimCalls(shards.all(), now, now, 1));
        calls.addAll(pending.releaseCalls(customers, now));
        DueClaims due = new DueClaims(null, shards);
        calls.addAll(due.claimCalls(shards.all(), now, now, 1));
        calls.addAll(due.finishCalls(customers, now));
        calls.addAll(
                new ShardLeases(null, shards, "node", Duration.ofSeconds(10)).holdCalls(shards.all(), shards.all()));
        customers.forEach(customer -> calls.add(DecisionStateStore.recordCall(
                new Made(customer, "marketing", 1, now, List.of("vip")), Map.of("vip", "8f3a1"))));

        for (ScriptCall call : calls) {
            assertThat(call.keys().stream().map(HashSlot::of).distinct())
                    .as("the slots of %s", call)
                    .hasSize(1);
        }
        for (ReleasePendingCall release : pending.releaseCalls(customers, now)) {
            assertThat(release.customerIds())
                    .as("customers released from %s", release.pendingKey())
                    .allMatch(customer -> shards.pending(shards.of(customer)).equals(release.pendingKey()));
        }
    }

    @Property(tries = 20)
    void shardsSpreadEvenlyOverTheSlots(@ForAll("shardCounts") int count) {
        DecisionShards shards = new DecisionShards(count, "");
        for (int shard : shards.all()) {
            int slot = shard * (HashSlot.SLOTS / count);
            assertThat(List.of(shards.pending(shard), shards.due(shard), shards.claims(shard), shards.lease(shard)))
                    .allMatch(key -> HashSlot.of(key) == slot);
        }
    }

    @Example
    void shardsArePowersOfTwoUpTo1024() {
        for (int count : List.of(0, 3, 2048, -4)) {
            assertThatThrownBy(() -> new DecisionShards(count, "")).hasMessageContaining("tailor.decisions.shards");
        }
    }
}
