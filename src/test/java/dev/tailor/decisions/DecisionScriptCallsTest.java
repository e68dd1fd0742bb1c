package dev.tailor.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.shared.redis.ScriptArgumentException;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The calls of the decisions' scripts: their slots in the order of each script's header, and the checks it makes again. */
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
}
