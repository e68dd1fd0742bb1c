package dev.tailor.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Segment codes registered apart from the records, on the real Redis: two nodes (two instances over one dictionary of
 * the test's own) agree on every name's code, a name whose code another name took first is recorded as itself, and a
 * node reads back names another node registered.
 */
@QuarkusTest
class SegmentCodesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    ReactiveRedisDataSource redis;

    private String dictionary;
    private SegmentCodes first;
    private SegmentCodes second;

    @BeforeEach
    void twoNodes() {
        dictionary = "tailor:test:segments:" + UUID.randomUUID();
        first = new SegmentCodes(redis, dictionary);
        second = new SegmentCodes(redis, dictionary);
    }

    @AfterEach
    void dropDictionary() {
        redis.key().del(dictionary).await().atMost(WAIT);
    }

    /** Two names whose SHA-1s share their first 5 hex digits (about 1,300 names are tried, a birthday search). */
    private static List<String> colliding() {
        Map<String, String> byCode = new HashMap<>();
        for (int n = 0; ; n++) {
            String name = "segment-" + n;
            String earlier = byCode.putIfAbsent(SegmentCodes.codeOf(name), name);
            if (earlier != null) {
                return List.of(earlier, name);
            }
        }
    }

    @Test
    void nodesAgreeOnCodesAndReadEachOthersNames() {
        Map<String, String> registered =
                first.register(List.of("vip", "cart-abandoner", "vip")).await().atMost(WAIT);
        assertThat(registered)
                .containsEntry("vip", SegmentCodes.codeOf("vip"))
                .containsEntry("cart-abandoner", SegmentCodes.codeOf("cart-abandoner"))
                .hasSize(2);
        assertThat(redis.hash(String.class)
                        .hget(dictionary, SegmentCodes.codeOf("vip"))
                        .await()
                        .atMost(WAIT))
                .isEqualTo("vip");

        assertThat(second.names(List.of(SegmentCodes.codeOf("vip"), SegmentCodes.codeOf("cart-abandoner"), "=odd"))
                        .await()
                        .atMost(WAIT))
                .containsEntry(SegmentCodes.codeOf("vip"), "vip")
                .containsEntry(SegmentCodes.codeOf("cart-abandoner"), "cart-abandoner")
                .containsEntry("=odd", "odd");
        assertThat(second.register(List.of("vip")).await().atMost(WAIT))
                .isEqualTo(Map.of("vip", SegmentCodes.codeOf("vip")));
    }

    @Test
    void aNameWhoseCodeIsTakenIsRecordedAsItself() {
        List<String> pair = colliding();
        String holder = pair.get(0);
        String late = pair.get(1);
        String code = SegmentCodes.codeOf(holder);

        assertThat(first.register(List.of(holder)).await().atMost(WAIT)).containsEntry(holder, code);
        assertThat(second.register(List.of(late, holder)).await().atMost(WAIT))
                .containsEntry(holder, code)
                .containsEntry(late, "=" + late);
        assertThat(first.register(List.of(late)).await().atMost(WAIT)).containsEntry(late, "=" + late);
        assertThat(first.names(List.of(code, "=" + late)).await().atMost(WAIT))
                .containsEntry(code, holder)
                .containsEntry("=" + late, late);
    }

    @Test
    void aCodeTheDictionaryLacksNamesItself() {
        assertThat(first.names(List.of("00000")).await().atMost(WAIT)).containsEntry("00000", "00000");
    }
}
