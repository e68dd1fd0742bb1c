package dev.tailor.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerKeys;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Render pins (one key in the customer's slot) on a Redis Cluster, for customers on every master. */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class RenderPinsClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RenderPins pins;

    private static Decision decision(String customerId, String segment) {
        return new Decision(
                customerId,
                List.of(new Decision.SegmentMembership(segment, "segment", null, null)),
                Map.of(),
                new Decision.RuleSetRef("marketing", 1, "sha"),
                false,
                null);
    }

    @Test
    void theFirstPinOfAMessageIsTheOneEveryRenderGets() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> customers =
                IntStream.range(0, 12).mapToObj(i -> "pinned-" + run + "-" + i).toList();
        Set<Integer> masters = new HashSet<>();
        customers.forEach(id -> masters.add(OnRedisCluster.CLUSTER.masterOf(CustomerKeys.of(id))));
        assertThat(masters).hasSize(3);

        for (String id : customers) {
            assertThat(pins.pinned(id, "marketing", "m-1").await().atMost(WAIT)).isEmpty();
            assertThat(pins.pin("m-1", decision(id, "first"))
                            .await()
                            .atMost(WAIT)
                            .segments())
                    .extracting(Decision.SegmentMembership::name)
                    .containsExactly("first");
            assertThat(pins.pin("m-1", decision(id, "second"))
                            .await()
                            .atMost(WAIT)
                            .segments())
                    .extracting(Decision.SegmentMembership::name)
                    .containsExactly("first");
            assertThat(pins.pinned(id, "marketing", "m-1").await().atMost(WAIT))
                    .hasValueSatisfying(
                            pinned -> assertThat(pinned.customerId()).isEqualTo(id));
        }
    }
}
