package dev.tailor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.shared.redis.ScriptArgumentException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** take-token.lua's call: its slots in the order of the script's header, and the checks it makes again. */
class TakeTokenCallTest {

    @Example
    void slotsFollowTheScriptsHeader() {
        TakeTokenCall call = new TakeTokenCall("tailor:ratelimit:{1}", 10, 1_760_000_000_000L, 1);
        assertThat(call.keys()).containsExactly("tailor:ratelimit:{1}");
        assertThat(call.args()).containsExactly("10", "1760000000000", "1");
    }

    @Property
    void aRateAndABurstAreFrom1ToTheLargestInt(@ForAll long count) {
        if (count >= 1 && count <= Integer.MAX_VALUE) {
            assertThat(new TakeTokenCall("bucket", count, 0, count).args())
                    .containsExactly(Long.toString(count), "0", Long.toString(count));
        } else {
            assertThatThrownBy(() -> new TakeTokenCall("bucket", count, 0, 1))
                    .isInstanceOf(ScriptArgumentException.class)
                    .hasMessageContaining("rate per second");
            assertThatThrownBy(() -> new TakeTokenCall("bucket", 1, 0, count))
                    .isInstanceOf(ScriptArgumentException.class)
                    .hasMessageContaining("burst");
        }
    }

    @Property
    void nowIsFromTheEpochToTheEndOfYear9999(@ForAll long now) {
        if (now >= 0 && now <= 253_402_300_799_999L) {
            assertThat(new TakeTokenCall("bucket", 1, now, 1).args()).contains(Long.toString(now));
        } else {
            assertThatThrownBy(() -> new TakeTokenCall("bucket", 1, now, 1)).hasMessageContaining("now");
        }
    }
}
