package dev.tailor.shared.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HashSlotTest {

    @Test
    void crcMatchesTheXmodemCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(HashSlot.crc16(check, 0, check.length)).isEqualTo(0x31C3);
    }

    @Test
    void slotsMatchWhatRedisAnswersToClusterKeyslot() {
        // CLUSTER KEYSLOT on a Redis 7 cluster answered these.
        assertThat(HashSlot.of("foo")).isEqualTo(12182);
        assertThat(HashSlot.of("bar")).isEqualTo(5061);
        assertThat(HashSlot.of("tailor:erased")).isEqualTo(10994);
    }

    @Test
    void theTagDecidesTheSlotWhenItIsNotEmpty() {
        assertThat(HashSlot.of("tailor:c:{42}")).isEqualTo(HashSlot.of("42"));
        assertThat(HashSlot.of("tailor:c:{42}:applied")).isEqualTo(HashSlot.of("tailor:id:{42}"));
        assertThat(HashSlot.of("a{}b")).isNotEqualTo(HashSlot.of(""));
        assertThat(HashSlot.of("a{b}{c}")).isEqualTo(HashSlot.of("b"));
    }

    @Property
    void everySlotHasAShortTagLandingOnIt(@ForAll @IntRange(min = 0, max = HashSlot.SLOTS - 1) int slot) {
        String tag = HashSlot.tagOf(slot);
        assertThat(tag).hasSizeLessThanOrEqualTo(4);
        assertThat(HashSlot.of("tailor:erased:{" + tag + "}")).isEqualTo(slot);
    }

    @Test
    void refusesSlotsOutsideTheCluster() {
        assertThatThrownBy(() -> HashSlot.tagOf(HashSlot.SLOTS)).isInstanceOf(IllegalArgumentException.class);
    }
}
